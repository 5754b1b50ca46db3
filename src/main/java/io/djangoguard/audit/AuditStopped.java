package io.djangoguard.audit;

/** An audit stopped before it finished: its time ran out or its client went away. No stack trace: a budget, not a bug. */
final class AuditStopped extends RuntimeException {

    AuditStopped(String reason) {
        super(reason, null, false, false);
    }
}
