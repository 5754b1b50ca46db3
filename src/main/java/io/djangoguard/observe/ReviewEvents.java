package io.djangoguard.observe;

/**
 * Told of every admission review once it is answered, on the thread that answered it (the event loop): an
 * implementation must not block, and must never throw into the review.
 */
public interface ReviewEvents {

    void reviewed(ReviewRecord review);

    /** Tells nobody: for tests and tools that build a reviewer by hand. */
    ReviewEvents NONE = review -> { };
}
