package io.djangoguard.report;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;

/**
 * Writes the engine's enums in JSON by their id ({@code "deny"}, {@code "breach"}, {@code "declared"}),
 * as configuration and every other format name them. Here rather than {@code @JsonValue} in the
 * engine, which knows no JSON.
 */
final class IdSerializer extends StdSerializer<Enum<?>> {

    @SuppressWarnings({"unchecked", "rawtypes"})
    IdSerializer() {
        super((Class) Enum.class);
    }

    @Override
    public void serialize(Enum<?> value, JsonGenerator json, SerializerProvider provider) throws IOException {
        json.writeString(id(value));
    }

    static String id(Enum<?> value) {
        if (value instanceof Verdict v) {
            return v.id();
        }
        if (value instanceof Severity s) {
            return s.id();
        }
        if (value instanceof Finding.Kind k) {
            return k.id();
        }
        if (value instanceof Profile p) {
            return p.id();
        }
        if (value instanceof Enforcement e) {
            return e.id();
        }
        throw new IllegalArgumentException(value.getDeclaringClass().getName() + " has no id the report knows");
    }
}
