package io.djangoguard.observe;

import java.util.List;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Verdict;

/**
 * What one admission review was and what came of it, for the review's log line and its metrics. Names only: no value
 * of the object, no finding message (a message never holds a secret, but a log line carries rule ids, not prose).
 *
 * @param uid the request's uid
 * @param kind the object's kind ({@code Deployment}); null when the body could not be read
 * @param namespace where the object goes; null for none
 * @param name the object's name; null for a generated one
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param user the requesting user's name, as the API server gives it
 * @param dryRun whether the request was a dry run
 * @param outcome {@link Outcome}
 * @param allowed what the answer said
 * @param verdict the engine's verdict; null when the object was not judged (DELETE, a bad body)
 * @param enforcement the rollout mode the object was judged under; null when not judged
 * @param findings what the rules found (exempt ones included; see {@link Finding#exempt()})
 * @param durationNanos from the body's arrival to the answer
 */
public record ReviewRecord(String uid, String kind, String namespace, String name, String operation, String user,
        boolean dryRun, Outcome outcome, boolean allowed, Verdict verdict, Enforcement enforcement, List<Finding> findings,
        long durationNanos) {

    /** How a review ended. */
    public enum Outcome {
        /** The object was judged (whatever the verdict). */
        JUDGED,
        /** Nothing is written (DELETE, CONNECT): allowed without judging. */
        NOT_A_WRITE,
        /** The body was not an AdmissionReview: answered 400. */
        BAD_REQUEST,
        /** django-guard failed: answered 500. */
        INTERNAL_ERROR
    }
}
