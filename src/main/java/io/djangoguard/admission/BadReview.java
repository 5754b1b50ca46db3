package io.djangoguard.admission;

/** A body that is no AdmissionReview this webhook can answer; the message says what is wrong. */
public final class BadReview extends Exception {

    public BadReview(String message) {
        super(message, null, false, false);
    }
}
