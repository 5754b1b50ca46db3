package io.djangoguard.admission;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Verdict;
import io.djangoguard.lookup.ConfigMapLookup;
import io.djangoguard.lookup.NamespaceProfiles;
import io.djangoguard.report.DenialMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * Owns the AdmissionReview envelope: reads it, hands the object to the engine, and answers with
 * the same uid, {@code allowed}, a 403 Status on denial and warnings.
 */
@ApplicationScoped
public class AdmissionReviewer {

    static final String API_VERSION = "admission.k8s.io/v1";
    private static final Logger LOG = Logger.getLogger(AdmissionReviewer.class);

    private final Engine engine;
    private final ObjectMapper mapper;

    @Inject
    public AdmissionReviewer(Engine engine, ObjectMapper mapper) {
        this.engine = engine;
        this.mapper = mapper;
    }

    /** Parses the body once; a body a user could have got wrong is a {@link BadReview}, never a 500. */
    public AdmissionReview read(byte[] body) throws BadReview {
        if (body == null || body.length == 0) {
            throw new BadReview("the request body is empty; POST an admission.k8s.io/v1 AdmissionReview");
        }
        AdmissionReview review;
        try {
            review = mapper.readValue(body, AdmissionReview.class);
        } catch (JsonProcessingException e) {
            // Jackson's own message can quote the body (and so a secret): give only the place.
            throw new BadReview("the request body is not an AdmissionReview in JSON" + at(e.getLocation()));
        } catch (IOException | RuntimeException e) {
            throw new BadReview("the request body could not be read as an AdmissionReview");
        }
        if (review == null) {
            throw new BadReview("the request body is JSON null, not an AdmissionReview");
        }
        if (!API_VERSION.equals(review.getApiVersion()) || !"AdmissionReview".equals(review.getKind())) {
            throw new BadReview("expected apiVersion " + API_VERSION + " and kind AdmissionReview, got apiVersion "
                    + shown(review.getApiVersion()) + " and kind " + shown(review.getKind()));
        }
        AdmissionRequest request = review.getRequest();
        if (request == null) {
            throw new BadReview("the AdmissionReview has no request");
        }
        if (request.getUid() == null || request.getUid().isEmpty()) {
            throw new BadReview("the AdmissionReview's request has no uid");
        }
        boolean writes = !"DELETE".equals(request.getOperation()) && !"CONNECT".equals(request.getOperation());
        if (writes && !(request.getObject() instanceof HasMetadata)) {
            throw new BadReview(request.getObject() == null ? "the AdmissionReview's request has no object"
                    : "the AdmissionReview's request.object is not a Kubernetes object");
        }
        return review;
    }

    public AdmissionReview review(AdmissionReview review) {
        AdmissionRequest request = review.getRequest();
        AdmissionResponse response = judge(request);
        response.setUid(request.getUid());
        AdmissionReview answer = new AdmissionReview();
        answer.setApiVersion(API_VERSION);
        answer.setKind("AdmissionReview");
        answer.setResponse(response);
        return answer;
    }

    private AdmissionResponse judge(AdmissionRequest request) {
        AdmissionResponse response = new AdmissionResponse();
        response.setAllowed(true);
        String operation = request.getOperation();
        // Nothing new is written on DELETE or CONNECT; dryRun requests are judged like any other.
        if ("DELETE".equals(operation) || "CONNECT".equals(operation)) {
            return response;
        }
        HasMetadata object = (HasMetadata) request.getObject();
        Engine.Context context = new Engine.Context(request.getNamespace(), ConfigMapLookup.NONE, NamespaceProfiles.NONE);
        ObjectResult result = engine.judge(object, context);
        response.setWarnings(DenialMessage.warnings(result));
        if (result.verdict() == Verdict.DENY) {
            response.setAllowed(false);
            response.setStatus(denied(DenialMessage.of(result)));
            if (LOG.isInfoEnabled()) {
                LOG.infof("denied %s %s (%s)", operation, result.object().describe(), ruleIds(result));
            }
        }
        return response;
    }

    private static Status denied(String message) {
        return new StatusBuilder().withCode(403).withReason("Forbidden").withStatus("Failure").withMessage(message)
                .build();
    }

    private static String ruleIds(ObjectResult result) {
        StringBuilder b = new StringBuilder();
        result.findings().forEach(f -> b.append(b.length() == 0 ? "" : ", ").append(f.rule()));
        return b.toString();
    }

    private static String at(JsonLocation l) {
        return l == null || l.getLineNr() < 0 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    /** Echoes a value only when it looks like a Kubernetes name: anything else may be a secret pasted by mistake. */
    private static String shown(String s) {
        if (s == null) {
            return "none";
        }
        return s.length() <= 63 && s.matches("[A-Za-z0-9][A-Za-z0-9./-]*") ? "\"" + s + "\"" : "(a value that is not a Kubernetes name)";
    }
}
