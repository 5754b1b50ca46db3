package io.djangoguard.admission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.djangoguard.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Builds the AdmissionReview the API server would send for a fixture manifest. */
public final class Reviews {

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Reviews() {
    }

    static HasMetadata manifest(String name) {
        return Manifests.load(Path.of("src/test/resources/admission", name)).get(0);
    }

    static String review(String uid, String operation, HasMetadata object, HasMetadata oldObject, boolean dryRun) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", uid);
        String[] gv = object == null ? new String[] {"", "v1"} : groupVersion(object.getApiVersion());
        String kind = object == null ? oldObject.getKind() : object.getKind();
        request.put("kind", Map.of("group", gv[0], "version", gv[1], "kind", kind));
        request.put("resource", Map.of("group", gv[0], "version", gv[1], "resource", kind.toLowerCase() + "s"));
        request.put("namespace", "shop");
        request.put("operation", operation);
        request.put("userInfo", Map.of("username", "alice@example.com", "groups", new String[] {"system:authenticated"}));
        if (object != null) {
            request.put("object", object);
        }
        if (oldObject != null) {
            request.put("oldObject", oldObject);
        }
        request.put("dryRun", dryRun);
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        review.put("request", request);
        try {
            return JSON.writeValueAsString(review);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String create(String manifest) {
        return review(UUID.randomUUID().toString(), "CREATE", manifest(manifest), null, false);
    }

    private static String[] groupVersion(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? new String[] {"", apiVersion} : new String[] {apiVersion.substring(0, slash), apiVersion.substring(slash + 1)};
    }
}
