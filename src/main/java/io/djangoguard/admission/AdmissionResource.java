package io.djangoguard.admission;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.NonBlocking;

/** The door the API server knocks on. It only translates; {@link AdmissionReviewer} decides. */
@Path(AdmissionPaths.VALIDATE)
public class AdmissionResource {

    @Inject
    AdmissionReviewer reviewer;

    /** Runs on the event loop: judging is pure computation over the already-buffered body. */
    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response validate(byte[] body) {
        try {
            return Response.ok(reviewer.review(reviewer.read(body))).build();
        } catch (BadReview e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", e.getMessage(), "status", 400)).type(MediaType.APPLICATION_JSON).build();
        }
    }
}
