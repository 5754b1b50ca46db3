package io.djangoguard.engine;

import java.util.List;

/**
 * The verdict on one object with the findings behind it, the profile it was judged under, and for a
 * skipped object why ({@code reason}, null otherwise), and for a workload which containers were judged as Django
 * and on what evidence ({@code django}: empty when none was found, or for a ConfigMap), and the rollout mode that
 * applies to it ({@link Enforcement}: whether a deny-level finding denies).
 */
public record ObjectResult(ObjectRef object, Verdict verdict, Profile profile, List<Finding> findings, String reason,
        List<Recognition> django, Enforcement enforcement) {

    public ObjectResult(ObjectRef object, Verdict verdict, Profile profile, List<Finding> findings, String reason,
            List<Recognition> django) {
        this(object, verdict, profile, findings, reason, django, Enforcement.ENFORCE);
    }

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

    /** This result under another rollout mode. */
    public ObjectResult withEnforcement(Enforcement mode) {
        return mode == enforcement ? this : new ObjectResult(object, verdict, profile, findings, reason, django, mode);
    }

    /**
     * Whether admission refuses the object: a breach, or an error, whose severity is deny and that no exemption covers,
     * when the rollout mode enforces.
     */
    public boolean denied() {
        return enforcement == Enforcement.ENFORCE && wouldDeny();
    }

    /** Whether it would be refused under {@code enforce}: what warn and audit modes tell before a denial begins. */
    public boolean wouldDeny() {
        for (Finding f : findings) {
            if (f.denies()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A breach that denies; else an error, whatever its severity; else a warning; else allowed. An exempted finding is a
     * warning, whatever its severity. The rollout mode does not change the verdict: it is what the policy says.
     */
    private static Verdict verdictOf(List<Finding> findings) {
        Verdict v = Verdict.ALLOW;
        for (Finding f : findings) {
            if (f.exempt()) {
                v = v == Verdict.ALLOW ? Verdict.WARN : v;
                continue;
            }
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
