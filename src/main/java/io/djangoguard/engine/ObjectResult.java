package io.djangoguard.engine;

import java.util.List;

/** The verdict on one object with the findings behind it, and the profile it was judged under. */
public record ObjectResult(ObjectRef object, Verdict verdict, Profile profile, List<Finding> findings) {

    public static ObjectResult skipped(ObjectRef object) {
        return new ObjectResult(object, Verdict.SKIPPED, null, List.of());
    }

    public static Verdict verdictOf(List<Finding> findings) {
        Verdict v = Verdict.ALLOW;
        for (Finding f : findings) {
            if (f.severity() == Severity.DENY) {
                return Verdict.DENY;
            }
            if (f.severity() == Severity.WARN) {
                v = Verdict.WARN;
            }
        }
        return v;
    }
}
