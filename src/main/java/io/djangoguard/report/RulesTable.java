package io.djangoguard.report;

import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Rule;
import io.djangoguard.rules.RuleCatalog;

/** The checklist as a Markdown table, made from the catalog so the docs cannot drift from the code. */
public final class RulesTable {

    private RulesTable() {
    }

    public static String markdown() {
        Policy defaults = Policy.defaults();
        StringBuilder b = new StringBuilder(4096);
        b.append("| rule | Django check | default | fires when | fix |\n");
        b.append("|---|---|---|---|---|\n");
        for (Rule r : RuleCatalog.all()) {
            b.append("| `").append(r.id()).append("` | ")
                    .append(r.djangoCheck() == null ? "-" : "`" + r.djangoCheck() + "`").append(" | ")
                    .append(r.defaultSeverity().id()).append(" | ")
                    .append(cell(r.looksAt())).append(" | ")
                    .append(cell(r.remediation(defaults))).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
