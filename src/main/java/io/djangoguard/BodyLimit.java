package io.djangoguard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is answered 413 over HTTP/2 too. Quarkus'
 * own check answers with a {@code Connection: close} header, which HTTP/2 forbids: the stream is reset and the client
 * (the API server among them) sees no answer at all. Over HTTP/2 the stream is refused on its own, the connection
 * stays up for the other streams, and the body is never read.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus' own limit handler and every route. */
    private static final int FILTER_PRIORITY = 10_000;

    private final long limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void filters(@Observes Filters filters) {
        filters.register(this::check, FILTER_PRIORITY);
    }

    private void check(RoutingContext rc) {
        if (rc.request().version() == HttpVersion.HTTP_2) {
            // Whatever answers (a body that turns out too long while it streams in is refused by Quarkus itself):
            // never the connection-specific header HTTP/2 forbids.
            rc.addHeadersEndHandler(v -> rc.response().headers().remove("Connection"));
            String declared = rc.request().getHeader("Content-Length");
            if (declared != null && tooLarge(declared)) {
                rc.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .end("{\"error\":\"the body is over the limit of " + limit + " bytes\",\"status\":413}");
                return;
            }
        }
        rc.next();
    }

    private boolean tooLarge(String declared) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // not ours to judge: the HTTP layer refuses a malformed length
        }
    }
}
