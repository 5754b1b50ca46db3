package io.djangoguard.report;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Verdict;

/**
 * What a person reads in a terminal: each object with its verdict (a skipped one with why, one in
 * error with whether admission would refuse it), its findings one a line as a denial writes them,
 * a summary last.
 */
public final class TextReport {

    private TextReport() {
    }

    public static String write(AuditReport report) {
        StringBuilder b = new StringBuilder(1024);
        for (AuditReport.Result r : report.results()) {
            b.append(r.describe());
            if (r.source() != null) {
                // a rendered chart's objects have no line: the template's lines are not the rendered text's
                b.append(" (").append(r.source().file());
                if (r.source().line() > 0) {
                    b.append(':').append(r.source().line());
                }
                b.append(')');
            }
            b.append(": ");
            String profile = " (" + r.judgedUnder() + (r.verdict() == Verdict.DENY && !r.refused() ? ": not refused yet" : "") + ")";
            switch (r.verdict()) {
                case SKIPPED -> b.append("skipped (").append(r.skippedBecause()).append(')');
                case ALLOW -> b.append(r.noDjangoFound() ? "allowed, no Django container found" : "allowed");
                case WARN -> b.append("warned").append(profile);
                case DENY -> b.append("DENIED").append(profile);
                case ERROR -> b.append("ERROR").append(profile).append(": ").append(r.inError());
            }
            b.append('\n');
            if (!r.noDjangoFound()) {
                for (String line : r.djangoLines()) {
                    b.append("  django ").append(line).append('\n');
                }
            }
            for (AuditReport.FindingView f : r.findings()) {
                // an error says so in place of its severity; whether it refuses is said on the object's line
                b.append("  ").append(f.exempt() != null ? "exempt" : f.kind() == Finding.Kind.ERROR ? "error" : f.severity().id()).append("  ")
                        .append(FindingLine.of(f)).append('\n');
            }
        }
        inputs(b, "could not be read (the rest was judged):", report.errors());
        inputs(b, "skipped, not Kubernetes manifests:", report.skippedFiles());
        AuditReport.Summary s = report.summary();
        if (!report.results().isEmpty() || report.anyUnreadable() || !report.skippedFiles().isEmpty()) {
            b.append('\n');
        }
        b.append(s.objects()).append(s.objects() == 1 ? " object: " : " objects: ").append(s.denied()).append(" denied, ")
                .append(s.errors()).append(" in error, ").append(s.warned()).append(" warned, ").append(s.allowed())
                .append(" allowed, ").append(s.skipped()).append(" skipped");
        if (report.anyUnreadable()) {
            int n = report.errors().size();
            b.append("; ").append(n).append(n == 1 ? " input" : " inputs").append(" could not be read");
        }
        return b.append('\n').toString();
    }

    private static void inputs(StringBuilder b, String heading, java.util.List<AuditReport.Input> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            return;
        }
        b.append(heading).append('\n');
        for (AuditReport.Input i : inputs) {
            b.append("  ").append(i.where()).append(": ").append(i.message()).append('\n');
        }
    }
}
