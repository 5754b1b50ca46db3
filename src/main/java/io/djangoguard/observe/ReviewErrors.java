package io.djangoguard.observe;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What escapes a resource method: answered 500 as the audit answers its own failures ({@code {"error": ..., "status":
 * 500}}), logged at ERROR with the exception's class only (a message could quote the request, and so a value). A
 * failure while judging an admission review is told to {@link ReviewEvents} as {@link ReviewRecord.Outcome#INTERNAL_ERROR}
 * with what the body names (uid, kind, namespace, name, operation, user), so its log line carries the uid and it is
 * counted. A {@link WebApplicationException} keeps the answer it carries, as without this mapper.
 */
public class ReviewErrors {

    private static final Logger LOG = Logger.getLogger(ReviewErrors.class);
    /** By name: the admission package imports this one. */
    private static final String ADMISSION = "io.djangoguard.admission.AdmissionResource";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ReviewEvents events;

    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        if (e instanceof WebApplicationException w) {
            return w.getResponse();
        }
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request != null && request.getTarget() != null
                && ADMISSION.equals(request.getTarget().getResourceClass().getName())) {
            events.reviewed(record(body(request)));
            return answer("django-guard failed to review the request (" + e.getClass().getName()
                    + "); its log has the review's uid");
        }
        LOG.errorf("A request failed (%s); answered 500", e.getClass().getName());
        return answer("the request failed unexpectedly; the server's log has the cause");
    }

    private static Response answer(String message) {
        return Response.serverError().entity(Map.of("error", message, "status", 500)).type(MediaType.APPLICATION_JSON)
                .build();
    }

    /** The body as the resource method got it: the request entity, else its first parameter. */
    private static byte[] body(ResteasyReactiveRequestContext request) {
        if (request.getRequestEntity() instanceof byte[] entity) {
            return entity;
        }
        Object[] parameters = request.getParameters();
        return parameters != null && parameters.length > 0 && parameters[0] instanceof byte[] b ? b : null;
    }

    /** The review as far as the body tells it: names only, read again here since the failure lost the parsed one. */
    static ReviewRecord record(byte[] body) {
        JsonNode r = null;
        try {
            r = body == null ? null : JSON.readTree(body).path("request");
        } catch (java.io.IOException | RuntimeException unreadable) {
            // it was read once already; if not now, the record names nothing
        }
        return new ReviewRecord(text(r, "uid"), r == null ? null : text(r.path("kind"), "kind"), text(r, "namespace"),
                text(r, "name"), text(r, "operation"), r == null ? null : text(r.path("userInfo"), "username"),
                r != null && r.path("dryRun").asBoolean(false), ReviewRecord.Outcome.INTERNAL_ERROR, false, null, null,
                List.of(), -1);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
