package io.djangoguard.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.djangoguard.admission.AdmissionReviewer;
import io.djangoguard.admission.BadReview;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Policy;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * The admission path without HTTP, as POST /validate runs it (AdmissionResource): {@link AdmissionReviewer#read} parses
 * and binds the body, {@link AdmissionReviewer#review} judges and answers, and the answer is written as JSON by the
 * same ObjectMapper, as RESTEasy Reactive writes the resource's entity. Not measured: TLS, HTTP framing, the event
 * loop hand-over, and the INFO log line the server writes per denial (silenced here, see {@link #quietDenialLog}).
 */
public final class AdmissionPath {

    /** Quarkus' ObjectMapper defaults (quarkus-jackson's customizer), which the server injects into the reviewer. */
    public static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    /** Cluster lookups off, as on a laptop or with {@code django-guard.cluster.enabled=false}: the object is judged alone. */
    public static final ClusterLookups NO_CLUSTER = ClusterLookups.NONE;

    /** Kept so that the level set on it is not collected with it. */
    private static java.util.logging.Logger denialLog;

    private AdmissionPath() {
    }

    public static Engine engine() {
        return new Engine(Policy.defaults(), RuleCatalog.all());
    }

    public static AdmissionReviewer reviewer(Engine engine) {
        quietDenialLog();
        return new AdmissionReviewer(engine, MAPPER, NO_CLUSTER);
    }

    /**
     * The reviewer logs one INFO line per denial; in a benchmark that would be a line per operation on the console.
     * jboss-logging writes through the JBoss LogManager or java.util.logging here, both of which honour a JUL level.
     */
    static synchronized void quietDenialLog() {
        if (denialLog == null) {
            denialLog = java.util.logging.Logger.getLogger(AdmissionReviewer.class.getName());
            denialLog.setLevel(java.util.logging.Level.WARNING);
        }
    }

    /** One review, bytes in, bytes out, exactly as the admission endpoint answers a well-formed one. */
    public static byte[] review(AdmissionReviewer reviewer, byte[] body) {
        AdmissionReview read;
        try {
            read = reviewer.read(body);
        } catch (BadReview e) {
            throw new IllegalStateException("the benchmark's review was refused: " + e.getMessage(), e);
        }
        AdmissionReview answer = reviewer.review(read).await().indefinitely();
        try {
            return MAPPER.writeValueAsBytes(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object as the API server hands it to a webhook. */
    public static HasMetadata objectOf(AdmissionReviewer reviewer, byte[] body) {
        try {
            return (HasMetadata) reviewer.read(body).getRequest().getObject();
        } catch (BadReview e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * A CREATE review of {@code object}. {@code applied}: as {@code kubectl apply} sends it, so as the webhook sees it
     * in a cluster: the last-applied-configuration annotation (the object once more, as a JSON string), the
     * managedFields entry of kubectl-client-side-apply, and the uid, creation time and generation the API server fills
     * in before validating admission. Without it, the bare object (the scaling benchmarks, to scale only the object).
     */
    public static byte[] body(HasMetadata object, boolean applied) {
        ObjectNode obj = MAPPER.valueToTree(object);
        if (applied) {
            String lastApplied = obj.toString();
            ObjectNode meta = (ObjectNode) obj.get("metadata");
            ObjectNode fields = fieldsOf(obj);
            ObjectNode annotations = meta.has("annotations") ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
            annotations.put("kubectl.kubernetes.io/last-applied-configuration", lastApplied + "\n");
            ObjectNode metaFields = (ObjectNode) fields.get("f:metadata");
            ObjectNode annotationFields = metaFields.has("f:annotations") ? (ObjectNode) metaFields.get("f:annotations")
                    : metaFields.putObject("f:annotations");
            annotationFields.putObject(".");
            annotationFields.putObject("f:kubectl.kubernetes.io/last-applied-configuration");
            meta.put("uid", UUID.nameUUIDFromBytes(lastApplied.getBytes()).toString());
            meta.put("creationTimestamp", "2025-05-12T09:41:07Z");
            meta.put("generation", 1);
            ArrayNode managed = meta.putArray("managedFields");
            ObjectNode entry = managed.addObject();
            entry.put("manager", "kubectl-client-side-apply");
            entry.put("operation", "Update");
            entry.put("apiVersion", object.getApiVersion());
            entry.put("time", "2025-05-12T09:41:07Z");
            entry.put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", fields);
        }
        String[] gv = object.getApiVersion().contains("/") ? object.getApiVersion().split("/", 2)
                : new String[] { "", object.getApiVersion() };
        String resource = object.getKind().toLowerCase() + "s";
        ObjectNode review = MAPPER.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002");
        ObjectNode kind = request.putObject("kind");
        kind.put("group", gv[0]).put("version", gv[1]).put("kind", object.getKind());
        ObjectNode res = request.putObject("resource");
        res.put("group", gv[0]).put("version", gv[1]).put("resource", resource);
        request.set("requestKind", kind.deepCopy());
        request.set("requestResource", res.deepCopy());
        request.put("name", object.getMetadata().getName());
        request.put("namespace", object.getMetadata().getNamespace());
        request.put("operation", "CREATE");
        ObjectNode user = request.putObject("userInfo");
        user.put("username", "system:serviceaccount:argocd:argocd-application-controller");
        user.put("uid", "6f8e2c1a-4b7d-4c1e-9f3a-2d5b8e7c9a10");
        user.putArray("groups").add("system:serviceaccounts").add("system:serviceaccounts:argocd").add("system:authenticated");
        request.set("object", obj);
        request.putNull("oldObject");
        request.put("dryRun", false);
        ObjectNode options = request.putObject("options");
        options.put("kind", "CreateOptions").put("apiVersion", "meta.k8s.io/v1").put("fieldManager", "kubectl-client-side-apply")
                .put("fieldValidation", "Strict");
        try {
            return MAPPER.writeValueAsBytes(review);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The FieldsV1 set of an object, as the API server's field manager writes it (lists keyed by name, mountPath, port). */
    static ObjectNode fieldsOf(JsonNode node) {
        ObjectNode fields = MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                fields.set("f:" + e.getKey(), fieldsOf(v));
            } else if (v.isArray() && v.size() > 0 && v.get(0).isObject() && key(v.get(0)) != null) {
                ObjectNode list = fields.putObject("f:" + e.getKey());
                for (JsonNode item : v) {
                    ObjectNode f = fieldsOf(item);
                    f.putObject(".");
                    list.set("k:" + key(item), f);
                }
            } else {
                fields.putObject("f:" + e.getKey());
            }
        }
        return fields;
    }

    private static String key(JsonNode item) {
        for (String k : new String[] { "name", "mountPath", "containerPort" }) {
            if (item.has(k)) {
                ObjectNode key = MAPPER.createObjectNode();
                key.set(k, item.get(k));
                return key.toString();
            }
        }
        return null;
    }
}
