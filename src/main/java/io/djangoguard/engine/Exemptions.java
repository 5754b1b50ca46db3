package io.djangoguard.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Exemptions with a reason: the annotation {@link #RULES} ({@code "rule-id[,rule-id...]"}) on a workload, a ConfigMap or
 * a namespace switches those rules off for it, only with {@link #REASON}. An exempted finding is not dropped: it comes
 * back as a warning that says it is exempt and why, and is counted. An exemption with no reason, naming a rule that does
 * not exist, or a rule configuration forbids exempting ({@link Policy#unexemptable()}), exempts nothing and is itself
 * reported ({@code exemption-invalid}): on the object it denies (at that rule's severity); on a namespace, which
 * admission does not judge, it warns on every object of the namespace, so that someone sees it.
 */
public final class Exemptions {

    public static final String RULES = "django-guard.io/exempt";
    public static final String REASON = "django-guard.io/exempt-reason";
    /** The rule that reports an exemption it cannot honour; never exemptable itself. */
    public static final String INVALID = "exemption-invalid";
    /** A reason is shown in warnings and reports: one line, at most this long. */
    static final int MAX_REASON = 200;

    /** Rule id to why it is exempt, and what is wrong with the exemptions written. */
    record Read(Map<String, String> exempt, List<String> problems) {
    }

    private Exemptions() {
    }

    /**
     * The exemptions of one place ({@code where}: "the object's" or "namespace \"shop\"'s"; {@code by}: "the object" or
     * "namespace \"shop\""), read from {@code value} (annotation, else label); {@code known} tells whether a rule id
     * exists. An exempted rule's reason reads {@code <reason> (exempted by <by>)}.
     */
    static Read read(Function<String, String> value, String where, String by, Policy policy, Function<String, Rule> known) {
        String rules = value.apply(RULES);
        if (rules == null) {
            return new Read(Map.of(), List.of());
        }
        String reason = oneLine(value.apply(REASON));
        List<String> problems = new ArrayList<>(1);
        Map<String, String> exempt = new HashMap<>(4);
        List<String> ids = new ArrayList<>(4);
        for (String id : rules.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        if (ids.isEmpty()) {
            problems.add(where + " annotation " + RULES + " names no rule");
        }
        if (reason == null) {
            problems.add(where + " annotation " + RULES + " exempts " + String.join(", ", ids) + " without a reason: an "
                    + "exemption needs the annotation " + REASON);
        }
        for (String id : ids) {
            if (known.apply(id) == null) {
                problems.add(where + " annotation " + RULES + " names " + shown(id) + ", which is no rule of django-guard");
            } else if (id.equals(INVALID) || policy.unexemptable().contains(id)) {
                problems.add(where + " annotation " + RULES + " names " + id + ", which cannot be exempted"
                        + (id.equals(INVALID) ? "" : " (configuration: django-guard.exemptions.forbidden)"));
            } else if (reason != null) {
                exempt.put(id, reason + " (exempted by " + by + ")");
            }
        }
        return new Read(exempt, problems);
    }

    /**
     * {@code findings} with the exemptions of the object and of its namespace applied, and each problem with them
     * reported: the object's at {@code exemption-invalid}'s severity, the namespace's as a warning.
     */
    static List<Finding> apply(List<Finding> findings, Read own, Read namespace, Rule invalid, Policy policy) {
        if (own.exempt().isEmpty() && namespace.exempt().isEmpty() && own.problems().isEmpty() && namespace.problems().isEmpty()) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size() + own.problems().size() + namespace.problems().size());
        for (Finding f : findings) {
            String why = own.exempt().get(f.rule());
            if (why == null) {
                why = namespace.exempt().get(f.rule());
            }
            out.add(why == null || f.exempt() ? f : f.exemptFor(why));
        }
        Severity severity = invalid == null ? Severity.OFF : policy.severityOf(invalid);
        if (severity != Severity.OFF) {
            for (String problem : own.problems()) {
                out.add(invalidFinding(invalid, severity, problem, policy));
            }
            for (String problem : namespace.problems()) {
                out.add(invalidFinding(invalid, Severity.WARN, problem, policy));
            }
        }
        return out;
    }

    private static Finding invalidFinding(Rule invalid, Severity severity, String problem, Policy policy) {
        String summary = problem + "; it exempts nothing";
        return new Finding(invalid.id(), null, invalid.kind(), severity, "annotation " + RULES, null, null,
                "metadata.annotations", summary, summary, invalid.remediation(policy));
    }

    /** One line of at most {@link #MAX_REASON} characters; null when blank. */
    private static String oneLine(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON - 3) + "...";
    }

    /** A rule id is echoed only when it looks like one: anything else may be a value pasted by mistake. */
    private static String shown(String id) {
        return id.length() <= 63 && id.matches("[a-z0-9][a-z0-9.-]*") ? "\"" + id + "\"" : "a value that is not a rule id";
    }
}
