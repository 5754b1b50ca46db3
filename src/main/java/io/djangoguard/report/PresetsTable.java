package io.djangoguard.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.Preset;
import io.djangoguard.settings.Presets;

/** The built-in application presets as a Markdown table, made from the preset files so the docs cannot drift. */
public final class PresetsTable {

    private PresetsTable() {
    }

    public static String markdown() {
        StringBuilder b = new StringBuilder(8192);
        b.append("| preset | application | chosen by image | settings read from (variable: how) | source read |\n");
        b.append("|---|---|---|---|---|\n");
        for (Preset p : Presets.builtIn().all()) {
            b.append("| `").append(p.id()).append("` | ").append(cell(p.name())).append(" | ")
                    .append(p.images().isEmpty() ? "annotation only" : p.images().stream().map(i -> "`" + i + "`")
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(settings(p)).append(" | ")
                    .append(cell(p.repository())).append(p.commit() == null ? "" : "@" + p.commit().substring(0, Math.min(7, p.commit().length())))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String settings(Preset p) {
        if (p.settings().isEmpty()) {
            return "none from the environment (Django's usual names apply)";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<DjangoSetting, List<Preset.Variable>> e : p.settings().entrySet()) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(e.getKey().name()).append(": ").append(e.getValue().stream().map(PresetsTable::how)
                    .collect(Collectors.joining(", ")));
        }
        return cell(b.toString());
    }

    private static String how(Preset.Variable v) {
        StringBuilder b = new StringBuilder("`").append(v.variable()).append('`');
        if (v.inverted()) {
            b.append(" (inverted)");
        }
        if (!v.trueValues().isEmpty()) {
            b.append(" (true: ").append(String.join("/", v.trueValues().stream().sorted().toList())).append(')');
        }
        if (v.parser() == Preset.Parser.LIST && !v.separator().equals(",")) {
            b.append(" (split on \"").append(v.separator()).append("\")");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
