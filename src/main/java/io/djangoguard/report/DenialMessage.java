package io.djangoguard.report;

import java.util.ArrayList;
import java.util.List;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Severity;

/** What a person reads in kubectl output: a header line, then one line per finding. */
public final class DenialMessage {

    private DenialMessage() {
    }

    public static String of(ObjectResult result) {
        StringBuilder b = new StringBuilder(256);
        // refused for an error alone (something at deny that could not be evaluated), it breaks nothing yet
        boolean breaks = result.findings().stream()
                .anyMatch(f -> f.severity() == Severity.DENY && f.kind() == Finding.Kind.BREACH);
        b.append(result.object().describe())
                .append(breaks ? " breaks Django's deployment checklist" : " could not be judged against Django's deployment checklist")
                .append(" (django-guard, profile ").append(result.profile() == null ? "-" : result.profile().id()).append("):");
        boolean warned = false;
        for (Finding f : result.findings()) {
            if (f.severity() == Severity.DENY) {
                b.append('\n').append(FindingLine.of(f));
            } else {
                warned = true;
            }
        }
        if (warned) {
            b.append("\nand warns:");
            for (Finding f : result.findings()) {
                if (f.severity() == Severity.WARN) {
                    b.append('\n').append(FindingLine.of(f));
                }
            }
        }
        return b.toString();
    }

    /** The short lines for {@code response.warnings}. */
    public static List<String> warnings(ObjectResult result) {
        List<String> w = null;
        for (Finding f : result.findings()) {
            if (f.severity() == Severity.WARN) {
                if (w == null) {
                    w = new ArrayList<>(4);
                }
                w.add(FindingLine.warning(f));
            }
        }
        return w;
    }
}
