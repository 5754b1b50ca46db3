package io.djangoguard.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Says which value of an object the API server would refuse for its type, and why, without quoting it: a boolean
 * or a number where a field is text (most often YAML 1.1's unquoted yes/on or an octal number, see
 * {@link KubectlScalars}), quoted text where a field is a number or a boolean, a number where it is a boolean and
 * the other way round. Go's encoding/json, which the API server decodes with, converts none of these.
 */
final class ValueMismatch {

    /** Keys this long may be a value that an edit turned into a key: such a key is not repeated, the line tells it. */
    private static final int LONGEST_KEY_SHOWN = 32;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<Class<?>> NUMBERS = Set.of(Integer.class, int.class, Long.class, long.class, Short.class,
            short.class, Double.class, double.class, Float.class, float.class, BigInteger.class, BigDecimal.class);
    private static final String BOOLEANS = " (unquoted yes, no, on, off, y, n, true and false are booleans to kubectl,"
            + " as in YAML 1.1)";
    private static final String NUMBERS_TO_KUBECTL = " (unquoted 8000, 0755, 0x1F, 1_000 and 1e3 are numbers to kubectl)";

    private ValueMismatch() {
    }

    /**
     * What is wrong with the value at {@code path} in {@code object} for a field of type {@code target}, or null
     * when the problem is something else.
     */
    static String describe(JsonNode object, List<Object> path, Class<?> target) {
        JsonNode value = object;
        for (Object step : path) {
            value = step instanceof Integer i ? value.path(i) : value.path((String) step);
        }
        String wants = target == String.class ? "text" : NUMBERS.contains(target) ? "a number"
                : target == Boolean.class || target == boolean.class ? "true or false" : null;
        String is = value.isBoolean() ? "a boolean" : value.isNumber() ? "a number" : value.isTextual() ? "quoted text" : null;
        if (wants == null || is == null || wants.equals("text") && value.isTextual()) {
            return null;
        }
        String hint = value.isBoolean() ? BOOLEANS : value.isNumber() ? NUMBERS_TO_KUBECTL : "";
        String fix = wants.equals("text") ? "quote the value" : value.isTextual() ? "write it without quotes" : "write " + wants;
        return render(path) + " is " + is + " where the API takes " + wants + hint + ", which the API server refuses; " + fix;
    }

    /** spec.containers[0].env[1].value, data["users.acl"]; a key that might be a value is not repeated: [...]. */
    static String render(List<Object> path) {
        StringBuilder b = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                b.append('[').append(i).append(']');
            } else {
                String key = (String) step;
                if (key.length() > LONGEST_KEY_SHOWN) {
                    b.append("[...]");
                } else if (PLAIN_KEY.matcher(key).matches()) {
                    b.append(b.length() == 0 ? "" : ".").append(key);
                } else {
                    b.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
                }
            }
        }
        return b.length() == 0 ? "the object" : b.toString();
    }
}
