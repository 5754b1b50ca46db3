package io.djangoguard.engine;

import java.util.List;

/**
 * The verdict on one object with the findings behind it, the profile it was judged under, and for a
 * skipped object why ({@code reason}, null otherwise), and for a workload which containers were judged as Django
 * and on what evidence ({@code django}: empty when none was found, or for a ConfigMap).
 */
public record ObjectResult(ObjectRef object, Verdict verdict, Profile profile, List<Finding> findings, String reason,
        List<Recognition> django) {

    /** Why an object of a kind django-guard does not judge was let through. */
    public static final String NOT_JUDGED = "not a kind django-guard judges";

    public ObjectResult(ObjectRef object, Profile profile, List<Finding> findings) {
        this(object, profile, findings, List.of());
    }

    /** A judged object; {@code django}: the containers judged as Django, and why (none for a ConfigMap). */
    public ObjectResult(ObjectRef object, Profile profile, List<Finding> findings, List<Recognition> django) {
        this(object, verdictOf(findings), profile, findings, null, django);
    }

    public static ObjectResult skipped(ObjectRef object, String reason) {
        return new ObjectResult(object, Verdict.SKIPPED, null, List.of(), reason, List.of());
    }

    /** Whether admission refuses the object: a breach, or an error, whose severity is deny. */
    public boolean denied() {
        for (Finding f : findings) {
            if (f.severity() == Severity.DENY) {
                return true;
            }
        }
        return false;
    }

    /** A breach that denies; else an error, whatever its severity; else a warning; else allowed. */
    private static Verdict verdictOf(List<Finding> findings) {
        Verdict v = Verdict.ALLOW;
        for (Finding f : findings) {
            if (f.severity() == Severity.DENY && f.kind() == Finding.Kind.BREACH) {
                return Verdict.DENY;
            }
            if (f.kind() == Finding.Kind.ERROR) {
                v = Verdict.ERROR;
            } else if (f.severity() == Severity.WARN && v == Verdict.ALLOW) {
                v = Verdict.WARN;
            }
        }
        return v;
    }
}
