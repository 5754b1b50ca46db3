package io.djangoguard.observe;

import java.util.List;
import java.util.Locale;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Verdict;
import io.djangoguard.workload.JudgedKind;

/**
 * The closed sets every metric label is drawn from, and the index of a value in its set. A label never carries what a
 * request chooses freely (a name, a namespace, a uid, a user, a value): the kind, which a custom resource makes up, is
 * one of {@link #KINDS} or {@code other}.
 */
final class Labels {

    /** Absent (a body that was no AdmissionReview has no kind; a DELETE has no verdict). */
    static final String NONE = "none";
    /** A kind or an operation outside the known ones. */
    static final String OTHER = "other";

    /** The kinds django-guard judges ({@link JudgedKind}), the Secret and the extra workload kinds, then other and none. */
    static final List<String> KINDS = kinds();
    static final List<String> OPERATIONS = List.of("CREATE", "UPDATE", "DELETE", "CONNECT", OTHER, NONE);
    static final List<String> OUTCOMES = ids(ReviewRecord.Outcome.values());
    static final List<String> VERDICTS = with(ids(Verdict.values()), NONE);
    static final List<String> ENFORCEMENTS = with(ids(Enforcement.values()), NONE);

    private Labels() {
    }

    private static List<String> kinds() {
        java.util.ArrayList<String> k = new java.util.ArrayList<>();
        for (JudgedKind j : JudgedKind.values()) {
            k.add(j.kind());
        }
        k.addAll(List.of("Secret", "ReplicationController", "DeploymentConfig", "Rollout", OTHER, NONE));
        return List.copyOf(k);
    }

    static int kind(String kind) {
        if (kind == null) {
            return KINDS.size() - 1;
        }
        int i = KINDS.indexOf(kind);
        return i < 0 || i >= KINDS.size() - 2 ? KINDS.size() - 2 : i;
    }

    static int operation(String operation) {
        if (operation == null) {
            return OPERATIONS.size() - 1;
        }
        int i = OPERATIONS.indexOf(operation);
        return i < 0 || i >= OPERATIONS.size() - 2 ? OPERATIONS.size() - 2 : i;
    }

    static int verdict(Verdict v) {
        return v == null ? VERDICTS.size() - 1 : v.ordinal();
    }

    static int enforcement(Enforcement e) {
        return e == null ? ENFORCEMENTS.size() - 1 : e.ordinal();
    }

    static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> ids(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Labels::id).toList();
    }

    private static List<String> with(List<String> ids, String last) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(ids);
        all.add(last);
        return List.copyOf(all);
    }
}
