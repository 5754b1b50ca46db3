package io.djangoguard.admission;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/** The door the API server knocks on. It only translates; {@link AdmissionReviewer} decides. */
@Path(AdmissionPaths.VALIDATE)
public class AdmissionResource {

    @Inject
    AdmissionReviewer reviewer;

    /**
     * Runs on the event loop: judging is pure computation over the already-buffered body, and the
     * only wait (for the cluster caches, while they load) is a Uni, not a blocked thread.
     */
    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> validate(byte[] body) {
        long start = System.nanoTime();
        AdmissionReview review;
        try {
            review = reviewer.read(body);
        } catch (BadReview e) {
            reviewer.refused(start);
            return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", e.getMessage(), "status", 400)).type(MediaType.APPLICATION_JSON).build());
        }
        return reviewer.review(review, start).map(answer -> Response.ok(answer).build());
    }
}
