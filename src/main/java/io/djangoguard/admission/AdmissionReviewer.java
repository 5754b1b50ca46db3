package io.djangoguard.admission;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.djangoguard.config.PolicyReload;
import io.djangoguard.engine.Change;
import io.djangoguard.engine.ConfigMapUsers;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.workload.References;
import io.djangoguard.report.DenialMessage;
import io.djangoguard.observe.ReviewEvents;
import io.djangoguard.observe.ReviewRecord;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Owns the AdmissionReview envelope: reads it, hands the object to the engine with what the
 * cluster knows, and answers with the same uid, {@code allowed}, a 403 Status on denial and
 * warnings. Everything here answers from memory; only while the cluster caches are still loading
 * does a review that needs them wait, at most the lookup timeout, without blocking a thread.
 */
@ApplicationScoped
public class AdmissionReviewer {

    static final String API_VERSION = "admission.k8s.io/v1";
    private static final Logger LOG = Logger.getLogger(AdmissionReviewer.class);

    /** The engine in force: {@link PolicyReload} swaps it when the policy changes; read once per review. */
    private final Supplier<Engine> engines;
    private final ObjectMapper mapper;
    private final ObjectMapper reader;
    private final ClusterLookups cluster;
    private final ReviewEvents events;

    public AdmissionReviewer(Engine engine, ObjectMapper mapper, ClusterLookups cluster) {
        this(engine, mapper, cluster, ReviewEvents.NONE);
    }

    public AdmissionReviewer(Engine engine, ObjectMapper mapper, ClusterLookups cluster, ReviewEvents events) {
        this(() -> engine, mapper, cluster, events);
    }

    @Inject
    AdmissionReviewer(PolicyReload policy, ObjectMapper mapper, ClusterLookups cluster, ReviewEvents events) {
        this((Supplier<Engine>) policy, mapper, cluster, events);
    }

    private AdmissionReviewer(Supplier<Engine> engines, ObjectMapper mapper, ClusterLookups cluster, ReviewEvents events) {
        this.events = events;
        this.engines = engines;
        this.mapper = mapper;
        // A null entry in a list (containers: [null], env: [null]) is dropped as it is read, as the API server's own
        // decoding never hands a webhook one: no rule has to guard against it.
        // managedFields (what kubectl apply and every controller add: often the largest part of a review) is read by
        // no rule, so it is not bound into the model: measured with bench/engine.sh, ObjectBenchmark.read.
        this.reader = mapper.copy().setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.SKIP))
                .addMixIn(ObjectMeta.class, WithoutManagedFields.class)
                .addMixIn(AdmissionRequest.class, ObjectsReadInOnePass.class);
        this.cluster = cluster;
    }

    /** Leaves {@code metadata.managedFields} out of what a review binds. */
    @JsonIgnoreProperties({"managedFields"})
    private abstract static class WithoutManagedFields {
    }

    /** Binds the objects of a request with {@link KindFirstDeserializer} instead of fabric8's tree-then-bind. */
    private abstract static class ObjectsReadInOnePass {
        // on the setters: fabric8 annotates them too, and Jackson binds through them, so a field-only mix-in is ignored
        @JsonDeserialize(using = KindFirstDeserializer.class)
        abstract void setObject(Object object);

        @JsonDeserialize(using = KindFirstDeserializer.class)
        abstract void setOldObject(Object oldObject);
    }

    /**
     * Judges one sample review at start, so that the first review from the API server does not pay
     * for loading the model and Jackson classes on the event loop (seconds on a busy node).
     */
    void warmUp(@Observes StartupEvent event) {
        String sample = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"warm-up\",\"operation\":\"CREATE\",\"namespace\":\"default\",\"object\":{"
                + "\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"warm-up\"},"
                + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"command\":[\"python\",\"manage.py\"],"
                + "\"env\":[{\"name\":\"DJANGO_DEBUG\",\"value\":\"False\"}]}]}}}}}}";
        try {
            AdmissionReview review = read(sample.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mapper.writeValueAsBytes(answer(review.getRequest(), response(judgment(review.getRequest()))));
        } catch (BadReview | IOException e) {
            LOG.debug("warm-up review failed", e);
        }
    }

    /** Parses the body once; a body a user could have got wrong is a {@link BadReview}, never a 500. */
    public AdmissionReview read(byte[] body) throws BadReview {
        if (body == null || body.length == 0) {
            throw new BadReview("the request body is empty; POST an admission.k8s.io/v1 AdmissionReview");
        }
        AdmissionReview review;
        try {
            review = reader.readValue(body, AdmissionReview.class);
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
        if (writes(request) && !(request.getObject() instanceof HasMetadata)) {
            throw new BadReview(request.getObject() == null ? "the AdmissionReview's request has no object"
                    : "the AdmissionReview's request.object is not a Kubernetes object");
        }
        return review;
    }

    public Uni<AdmissionReview> review(AdmissionReview review) {
        return review(review, System.nanoTime());
    }

    /** Judges a review read at {@code startNanos} ({@link System#nanoTime()}), and tells {@link ReviewEvents} how it went. */
    public Uni<AdmissionReview> review(AdmissionReview review, long startNanos) {
        AdmissionRequest request = review.getRequest();
        if (!writes(request)) {
            AdmissionReview answer = answer(request, allowed());
            events.reviewed(record(request, ReviewRecord.Outcome.NOT_A_WRITE, true, null, startNanos));
            return Uni.createFrom().item(answer);
        }
        if (needsCluster((HasMetadata) request.getObject(), request.getNamespace())) {
            return cluster.ready().map(ignored -> judged(request, startNanos));
        }
        return Uni.createFrom().item(judged(request, startNanos));
    }

    private AdmissionReview judged(AdmissionRequest request, long startNanos) {
        ObjectResult result = judgment(request);
        AdmissionReview answer = answer(request, response(result));
        events.reviewed(record(request, ReviewRecord.Outcome.JUDGED, !result.denied(), result, startNanos));
        return answer;
    }

    /** A body that was no AdmissionReview, answered 400: told to {@link ReviewEvents} too. */
    public void refused(long startNanos) {
        events.reviewed(new ReviewRecord(null, null, null, null, null, null, false, ReviewRecord.Outcome.BAD_REQUEST, false,
                null, null, List.of(), System.nanoTime() - startNanos));
    }

    private static ReviewRecord record(AdmissionRequest request, ReviewRecord.Outcome outcome, boolean allowed,
            ObjectResult result, long startNanos) {
        HasMetadata object = request.getObject() instanceof HasMetadata o ? o : null;
        String name = request.getName();
        if (name == null && object != null && object.getMetadata() != null) {
            name = object.getMetadata().getName();
        }
        String kind = request.getKind() != null ? request.getKind().getKind() : object != null ? object.getKind() : null;
        String user = request.getUserInfo() == null ? null : request.getUserInfo().getUsername();
        return new ReviewRecord(request.getUid(), kind, request.getNamespace(), name, request.getOperation(), user,
                Boolean.TRUE.equals(request.getDryRun()), outcome, allowed, result == null ? null : result.verdict(),
                result == null ? null : result.enforcement(), result == null ? List.of() : result.findings(),
                System.nanoTime() - startNanos);
    }

    /** Nothing new is written on DELETE or CONNECT; dryRun requests are judged like any other. */
    private static boolean writes(AdmissionRequest request) {
        return Change.Operation.of(request.getOperation()) != null;
    }

    private boolean needsCluster(HasMetadata object, String namespace) {
        return cluster.enabled()
                && (object instanceof ConfigMap || !References.configMapsOf(object, namespace).isEmpty());
    }

    private static AdmissionReview answer(AdmissionRequest request, AdmissionResponse response) {
        response.setUid(request.getUid());
        AdmissionReview answer = new AdmissionReview();
        answer.setApiVersion(API_VERSION);
        answer.setKind("AdmissionReview");
        answer.setResponse(response);
        return answer;
    }

    private static AdmissionResponse allowed() {
        AdmissionResponse response = new AdmissionResponse();
        response.setAllowed(true);
        return response;
    }

    /** The engine judges the change. */
    private ObjectResult judgment(AdmissionRequest request) {
        Change change = new Change(Change.Operation.of(request.getOperation()), (HasMetadata) request.getObject(),
                request.getOldObject() instanceof HasMetadata old ? old : null);
        return engines.get().judge(change, context(request));
    }

    /** The answer to a judgment: a 403 Status on denial, the warnings the rollout mode gives. */
    private static AdmissionResponse response(ObjectResult result) {
        AdmissionResponse response = allowed();
        response.setWarnings(DenialMessage.warnings(result));
        if (result.denied()) {
            response.setAllowed(false);
            response.setStatus(denied(DenialMessage.of(result)));
        }
        return response;
    }

    /** What the cluster knows, as the engine asks for it; without a cluster the object is judged alone. */
    private Engine.Context context(AdmissionRequest request) {
        return new Engine.Context(request.getNamespace(), cluster.configMaps(), cluster.namespaces(), null,
                cluster.enabled() ? cluster::workloadsReferencing : ConfigMapUsers.NONE);
    }

    private static Status denied(String message) {
        return new StatusBuilder().withCode(403).withReason("Forbidden").withStatus("Failure").withMessage(message)
                .build();
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
