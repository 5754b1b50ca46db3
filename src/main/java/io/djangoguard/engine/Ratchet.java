package io.djangoguard.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares a judgment with the one before a change. On UPDATE, a breach the old object already
 * had is let through as a warning: scaling or an emergency image bump of a workload that predates
 * the policy goes through, while any new breach is denied.
 */
public final class Ratchet {

    private Ratchet() {
    }

    /** {@code now}, with every denial that {@code before} also had turned into a warning. */
    public static ObjectResult grandfather(ObjectResult now, ObjectResult before) {
        Set<String> old = keys(before.findings());
        List<Finding> out = new ArrayList<>(now.findings().size());
        boolean changed = false;
        for (Finding f : now.findings()) {
            if (f.denies() && old.contains(key(f))) {
                out.add(grandfathered(f));
                changed = true;
            } else {
                out.add(f);
            }
        }
        return changed ? new ObjectResult(now.object(), now.profile(), out, now.django()) : now;
    }

    /** The findings of {@code now} that {@code before} did not have: what a change brings. */
    public static List<Finding> introduced(ObjectResult now, ObjectResult before) {
        Set<String> old = keys(before.findings());
        List<Finding> out = new ArrayList<>(2);
        for (Finding f : now.findings()) {
            if (!old.contains(key(f))) {
                out.add(f);
            }
        }
        return out;
    }

    private static Finding grandfathered(Finding f) {
        String what = f.setting() == null ? "it" : f.setting();
        return new Finding(f.rule(), f.djangoCheck(), f.kind(), Severity.WARN, f.subject(), f.container(), f.setting(), f.path(),
                "still in breach, fix " + what + " in the next change: " + f.summary(),
                f.message() + "; the object was already in breach before this change, so it is let through, but the next change to "
                        + what + " must fix it",
                f.remediation());
    }

    /** Paths are left out: adding an env entry shifts the indexes of the others. */
    private static String key(Finding f) {
        return f.rule() + '\u0000' + f.subject() + '\u0000' + f.setting();
    }

    private static Set<String> keys(List<Finding> findings) {
        Set<String> s = new HashSet<>(findings.size() * 2);
        for (Finding f : findings) {
            s.add(key(f));
        }
        return s;
    }
}
