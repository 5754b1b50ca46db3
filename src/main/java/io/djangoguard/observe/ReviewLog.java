package io.djangoguard.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.djangoguard.engine.Finding;

/**
 * The review's log line (docs/observability.md): one per review, naming the object, the user, the verdict and the rules,
 * never a value or a finding's message. A denial, and a review with a finding no exemption covers (what warn and audit
 * modes are rolled out to see), at INFO; a clean review, or one with nothing written, at DEBUG, so that a busy
 * cluster's log is not one line per review; a body that was no AdmissionReview at INFO; an internal error at ERROR.
 * <p>
 * The line reads on its own on a laptop; the same facts go to the MDC as {@link #FIELDS} while it is written, which the
 * JSON console format prints as the object {@code mdc}.
 */
public final class ReviewLog implements ReviewEvents {

    /** The logger of the review lines, as before the JSON format: a category to raise or lower. */
    static final String CATEGORY = "io.djangoguard.admission.AdmissionReviewer";

    /** The MDC keys of a review line, each set only when it has a value. */
    static final List<String> FIELDS = List.of("uid", "kind", "namespace", "name", "operation", "user", "dryRun",
            "outcome", "allowed", "verdict", "enforcement", "rules", "exemptRules", "durationMs");

    private final Logger log;

    public ReviewLog() {
        this(Logger.getLogger(CATEGORY));
    }

    ReviewLog(Logger log) {
        this.log = log;
    }

    @Override
    public void reviewed(ReviewRecord r) {
        // decided before anything is built: a clean review at DEBUG, the common case, costs no allocation
        if (!log.isEnabled(level(r, anyNotExempt(r)))) {
            return;
        }
        List<String> rules = new ArrayList<>();
        List<String> exempt = new ArrayList<>();
        for (Finding f : r.findings()) {
            (f.exempt() ? exempt : rules).add(f.rule());
        }
        Logger.Level level = level(r, rules);
        String[] values = {r.uid(), r.kind(), r.namespace(), r.name(), r.operation(), r.user(),
            Boolean.toString(r.dryRun()), Labels.id(r.outcome()), Boolean.toString(r.allowed()),
            r.verdict() == null ? null : r.verdict().id(), r.enforcement() == null ? null : r.enforcement().id(),
            rules.isEmpty() ? null : String.join(",", rules), exempt.isEmpty() ? null : String.join(",", exempt),
            r.durationNanos() < 0 ? null : millis(r.durationNanos())};
        List<String> set = new ArrayList<>(FIELDS.size());
        try {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    MDC.put(FIELDS.get(i), values[i]);
                    set.add(FIELDS.get(i));
                }
            }
            log.log(level, line(r, rules, exempt));
        } finally {
            for (String key : set) {
                MDC.remove(key);
            }
        }
    }

    private static boolean anyNotExempt(ReviewRecord r) {
        for (Finding f : r.findings()) {
            if (!f.exempt()) {
                return true;
            }
        }
        return false;
    }

    static Logger.Level level(ReviewRecord r, List<String> rules) {
        return level(r, !rules.isEmpty());
    }

    private static Logger.Level level(ReviewRecord r, boolean findings) {
        switch (r.outcome()) {
            case INTERNAL_ERROR:
                return Logger.Level.ERROR;
            case BAD_REQUEST:
                return Logger.Level.INFO;
            case JUDGED:
                return !r.allowed() || findings ? Logger.Level.INFO : Logger.Level.DEBUG;
            default:
                return Logger.Level.DEBUG;
        }
    }

    /** {@code denied CREATE Deployment shop/web (debug-enabled, secret-key-inline) by alice [uid ..., verdict deny, enforce, 1.200 ms]}. */
    static String line(ReviewRecord r, List<String> rules, List<String> exempt) {
        StringBuilder b = new StringBuilder();
        switch (r.outcome()) {
            case BAD_REQUEST:
                b.append("refused a body that is not an AdmissionReview (400)");
                break;
            case INTERNAL_ERROR:
                b.append("failed to review");
                break;
            case NOT_A_WRITE:
                b.append("allowed (nothing written)");
                break;
            default:
                b.append(!r.allowed() ? "denied" : rules.isEmpty() && exempt.isEmpty() ? "allowed" : "allowed with findings");
        }
        if (r.operation() != null) {
            b.append(' ').append(r.operation());
        }
        if (r.kind() != null) {
            b.append(' ').append(r.kind());
        }
        if (r.name() != null || r.namespace() != null) {
            b.append(' ').append(r.namespace() == null ? "" : r.namespace() + "/").append(r.name() == null ? "(generated name)" : r.name());
        }
        if (!rules.isEmpty() || !exempt.isEmpty()) {
            b.append(" (").append(String.join(", ", rules));
            if (!exempt.isEmpty()) {
                b.append(rules.isEmpty() ? "" : "; ").append("exempt: ").append(String.join(", ", exempt));
            }
            b.append(')');
        }
        if (r.user() != null) {
            b.append(" by ").append(r.user());
        }
        b.append(" [uid ").append(r.uid() == null ? "unknown" : r.uid());
        if (r.verdict() != null) {
            b.append(", verdict ").append(r.verdict().id());
        }
        if (r.enforcement() != null) {
            b.append(", ").append(r.enforcement().id());
        }
        if (r.dryRun()) {
            b.append(", dry run");
        }
        if (r.durationNanos() >= 0) {
            b.append(", ").append(millis(r.durationNanos())).append(" ms");
        }
        return b.append(']').toString();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }
}
