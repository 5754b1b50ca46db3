package io.djangoguard.report;

import java.util.ArrayList;
import java.util.List;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Enforcement;

/**
 * What a person reads in kubectl output: a header line, then one line per finding; or, when the rollout mode lets the
 * object through, the warnings, which say whether they will deny once the mode is {@code enforce}.
 */
public final class DenialMessage {

    private DenialMessage() {
    }

    public static String of(ObjectResult result) {
        StringBuilder b = new StringBuilder(256);
        // refused for an error alone (something at deny that could not be evaluated), it breaks nothing yet
        boolean breaks = result.findings().stream().anyMatch(f -> f.denies() && f.kind() == Finding.Kind.BREACH);
        b.append(result.object().describe())
                .append(breaks ? " breaks Django's deployment checklist" : " could not be judged against Django's deployment checklist")
                .append(" (django-guard, profile ").append(result.profile() == null ? "-" : result.profile().id())
                .append(", enforcement ").append(result.enforcement().id()).append("):");
        boolean warned = false;
        for (Finding f : result.findings()) {
            if (f.denies()) {
                b.append('\n').append(FindingLine.of(f));
            } else {
                warned = true;
            }
        }
        if (warned) {
            b.append("\nand warns:");
            for (Finding f : result.findings()) {
                if (!f.denies()) {
                    b.append('\n').append(FindingLine.of(f));
                }
            }
        }
        return b.toString();
    }

    /** The first warning in warn mode, when something would deny: that it will once the mode is enforce. */
    static String warnModeHeader(ObjectResult result) {
        long n = result.findings().stream().filter(Finding::denies).count();
        return "django-guard enforcement is warn here: " + n + (n == 1 ? " finding" : " findings")
                + " below would deny this " + result.object().kind() + " under enforce";
    }

    /**
     * The short lines for {@code response.warnings}: under {@code enforce}, the findings that do not deny (warn-level
     * and exempt ones); under {@code warn}, every finding, those that would deny marked so and announced by a first
     * line; under {@code audit}, none (findings are only counted, logged and reported). Null when there are none.
     */
    public static List<String> warnings(ObjectResult result) {
        Enforcement mode = result.enforcement();
        if (mode == Enforcement.AUDIT || result.findings().isEmpty()) {
            return null;
        }
        List<String> w = null;
        for (Finding f : result.findings()) {
            boolean denies = f.denies();
            if (denies && mode == Enforcement.ENFORCE) {
                continue; // in the denial's message
            }
            if (w == null) {
                w = new ArrayList<>(4);
                if (mode == Enforcement.WARN && result.wouldDeny()) {
                    w.add(warnModeHeader(result));
                }
            }
            w.add(denies ? FindingLine.warning(f, "would deny: ") : FindingLine.warning(f));
        }
        return w;
    }
}
