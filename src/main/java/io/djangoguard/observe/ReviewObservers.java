package io.djangoguard.observe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/** The one {@link ReviewEvents} bean: each review goes to its metrics, then to its log line; neither may fail it. */
@ApplicationScoped
public class ReviewObservers implements ReviewEvents {

    private static final Logger LOG = Logger.getLogger(ReviewObservers.class);

    private final ReviewEvents[] observers;

    @Inject
    ReviewObservers(MeterRegistry registry) {
        observers = new ReviewEvents[] {new ReviewMetrics(registry), new ReviewLog()};
    }

    @Override
    public void reviewed(ReviewRecord review) {
        for (ReviewEvents o : observers) {
            try {
                o.reviewed(review);
            } catch (RuntimeException e) {
                // The review is answered whatever happens here; the class only, a message could quote anything.
                LOG.debugf("A review observer failed: %s", e.getClass().getName());
            }
        }
    }
}
