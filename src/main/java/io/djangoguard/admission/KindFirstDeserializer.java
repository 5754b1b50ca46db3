package io.djangoguard.admission;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;

/**
 * Reads {@code request.object} and {@code request.oldObject} straight into their fabric8 class, in one pass.
 *
 * <p>fabric8's own deserializer reads the whole object into a JSON tree to find its apiVersion and kind, then binds
 * the tree: two passes over the largest part of a review, and the tree's allocation (the largest share of a review's
 * cost in the one-core profile, docs/performance.md). The API server writes {@code kind} and {@code apiVersion} first,
 * so this keeps only the fields before them, as Jackson's own type-property reading does, and binds the rest as it
 * streams. Anything else (no kind, a kind fabric8 does not know, an array) goes to fabric8's deserializer with the
 * same tokens, so what is bound never differs from fabric8's reading.
 */
final class KindFirstDeserializer extends JsonDeserializer<KubernetesResource> {

    private static final KubernetesDeserializer FABRIC8 = new KubernetesDeserializer();
    /** Objects bound in one pass: what tests check, since a mix-in that does not apply fails silently. */
    static final LongAdder STREAMED = new LongAdder();

    @Override
    public KubernetesResource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            return FABRIC8.deserialize(p, ctxt);
        }
        TokenBuffer seen = ctxt.bufferForInputBuffering(p);
        seen.writeStartObject();
        String apiVersion = null;
        String kind = null;
        JsonToken t = p.nextToken();
        while (t == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            if (t == JsonToken.VALUE_STRING && "apiVersion".equals(name)) {
                apiVersion = p.getText();
            } else if (t == JsonToken.VALUE_STRING && "kind".equals(name)) {
                kind = p.getText();
            }
            seen.writeFieldName(name);
            seen.copyCurrentStructure(p);
            if (apiVersion != null && kind != null) {
                Class<? extends KubernetesResource> type = FABRIC8.getRegisteredKind(apiVersion, kind);
                JsonParser rest = JsonParserSequence.createFlattened(false, seen.asParser(p), p);
                rest.nextToken();
                if (type != null) {
                    STREAMED.increment();
                }
                return type == null ? FABRIC8.deserialize(rest, ctxt) : ctxt.readValue(rest, type);
            }
            t = p.nextToken();
        }
        // The object ended (or broke off) before naming both: fabric8 decides from what was seen.
        seen.writeEndObject();
        JsonParser all = seen.asParser(p);
        all.nextToken();
        return FABRIC8.deserialize(all, ctxt);
    }
}
