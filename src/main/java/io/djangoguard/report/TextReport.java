package io.djangoguard.report;

/** What a person reads in a terminal: grouped by object, rule and Django check id on each line, a summary last. */
public final class TextReport {

    private TextReport() {
    }

    public static String write(AuditReport report) {
        StringBuilder b = new StringBuilder(1024);
        for (AuditReport.Result r : report.results()) {
            b.append(r.kind()).append(' ');
            if (r.namespace() != null) {
                b.append(r.namespace()).append('/');
            }
            b.append(r.name() == null ? "(unnamed)" : r.name());
            if (r.source() != null) {
                b.append(" (").append(r.source().file()).append(':').append(r.source().line()).append(')');
            }
            b.append(": ");
            switch (r.verdict()) {
                case "skipped" -> b.append("skipped (not a kind django-guard judges)\n");
                case "allow" -> b.append("allowed\n");
                case "error" -> b.append("ERROR, could not be fully judged (profile ").append(r.profile()).append(")\n");
                default -> b.append(r.verdict().equals("deny") ? "DENIED" : "warned")
                        .append(" (profile ").append(r.profile()).append(")\n");
            }
            for (AuditReport.FindingView f : r.findings()) {
                b.append("  ").append(f.severity()).append("  [").append(f.rule()).append(']');
                if (f.djangoCheck() != null) {
                    b.append(" (").append(f.djangoCheck()).append(')');
                }
                if (f.container() != null) {
                    b.append(" container \"").append(f.container()).append('"');
                }
                b.append(": ").append(f.message()).append('\n');
                b.append("        fix: ").append(f.remediation()).append('\n');
            }
        }
        AuditReport.Summary s = report.summary();
        if (!report.results().isEmpty()) {
            b.append('\n');
        }
        b.append(s.objects()).append(s.objects() == 1 ? " object: " : " objects: ").append(s.denied()).append(" denied, ")
                .append(s.errors()).append(" in error, ")
                .append(s.warned()).append(" warned, ").append(s.allowed()).append(" allowed, ").append(s.skipped())
                .append(" skipped\n");
        return b.toString();
    }
}
