package io.djangoguard.audit;

import java.math.BigInteger;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * What a YAML scalar means to kubectl, so that a manifest reads here as it applies there.
 * <p>
 * YAML 1.1 and 1.2 disagree on plain scalars, and kubectl (and helm, which uses the same reader) follows 1.1:
 * it turns YAML into JSON with sigs.k8s.io/yaml (YAMLToJSON, no target type), whose fork of go-yaml v2
 * resolves scalars as its resolve.go does, and sends that JSON to the API server, which decodes it into typed
 * fields and refuses a boolean or a number where a field is text. Measured with kubectl 1.32 ({@code kubectl
 * label --local -f F x=y -o json} shows the JSON; {@code kubectl set env --local -f F X=1} decodes it as the API
 * server does):
 * <ul>
 * <li>y, Y, yes, Yes, YES, on, On, ON, true, True, TRUE are true; n, N, no, No, NO, off, Off, OFF, false, False,
 * FALSE are false. So {@code DEBUG: yes} in a ConfigMap's data is refused ("json: cannot unmarshal bool into Go
 * struct field ConfigMap.data of type string"), as is {@code value: on} in an env entry: neither becomes "true"
 * nor stays "yes". {@code on:} as a key is the key "true".</li>
 * <li>~, null, Null, NULL and nothing are null.</li>
 * <li>Integers as Go's strconv.ParseInt(s, 0, 64) reads them once every _ is removed: 0755 is octal 493 (so
 * {@code defaultMode: 0644} is 420), 0x1F is 31, 0o17 15, 0b101 5, 1_000 1000, +12 12; past int64, uint64; then
 * floats of the form [-+]?(.d+|d+(.d*)?)([eE][-+]?d+)? (1e3, 1., 1_0.5, 08, and decimals past 64 bits); what is
 * neither stays text (0x followed by 18 digits, 1e400, 0o, _1); .inf and .nan cannot be JSON, so kubectl refuses
 * the file ("json: unsupported value: +Inf").</li>
 * <li>Dates (2001-12-14) and sexagesimal numbers (1:20) stay text.</li>
 * <li>Quoted and block scalars are text. A tag decides where there is one: !!str 12 is text, !!int "42" is 42,
 * !!float 7 is 7.0, !!binary is the text its base64 encodes; ! yes is text; tags go-yaml does not resolve (!Ref,
 * !!set, !!map on a scalar) leave the text. A value that is not what its tag says is refused.</li>
 * </ul>
 */
final class KubectlScalars {

    /** A scalar kubectl refuses; the problem never quotes the scalar (it may be a secret). */
    static final class Refused extends Exception {
        Refused(String problem) {
            super(problem, null, false, false);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String STANDARD = "tag:yaml.org,2002:";
    private static final String NOT_JSON = "a number is infinite or not a number (.inf, .nan), which JSON cannot hold;"
            + " kubectl refuses it too";
    /** go-yaml's yamlStyleFloat, which gates ParseFloat for scalars that start with a digit or a sign. */
    private static final Pattern YAML_STYLE_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    /** What Go's ParseFloat takes of a scalar starting with "." (go-yaml tries no other form): _ only between digits. */
    private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?");
    /** go-yaml's timestamp layouts (2006-1-2, with a time and a zone after T, or a time after a space). */
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
            + "([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]{1,9})?(Z|[-+][0-9]{2}:[0-9]{2})"
            + "| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]{1,9})?)?");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private KubectlScalars() {
    }

    /**
     * The value of a scalar: {@code plain} when it is neither quoted nor a block; {@code tag} the full tag it
     * carries, if any ("!" for the non-specific tag).
     */
    static JsonNode read(String text, boolean plain, Optional<String> tag) throws Refused {
        if (tag.isEmpty()) {
            return plain ? resolve(text) : NODES.textNode(text);
        }
        if (!tag.get().startsWith(STANDARD)) {
            return NODES.textNode(text); // "!", or an application's own tag such as !Ref
        }
        String name = tag.get().substring(STANDARD.length());
        switch (name) {
            case "str":
                return NODES.textNode(text);
            case "binary":
                return binary(text);
            case "timestamp":
                if (TIMESTAMP.matcher(text).matches()) {
                    return NODES.textNode(text); // an untyped reader gets a timestamp's text
                }
                throw notA(name);
            case "bool", "int", "float", "null":
                return tagged(name, resolve(text));
            default:
                return NODES.textNode(text); // !!merge, !!set, !!map on a scalar...: go-yaml leaves the text
        }
    }

    private static JsonNode tagged(String name, JsonNode resolved) throws Refused {
        boolean fits = switch (name) {
            case "bool" -> resolved.isBoolean();
            case "int" -> resolved.isIntegralNumber();
            case "float" -> resolved.isNumber();
            default -> resolved.isNull();
        };
        if (!fits) {
            throw notA(name);
        }
        return name.equals("float") && resolved.isIntegralNumber() ? NODES.numberNode(resolved.doubleValue()) : resolved;
    }

    private static Refused notA(String tag) {
        return new Refused("a scalar is not a valid !!" + tag);
    }

    /** go-yaml's resolve() for a plain scalar without a tag. */
    static JsonNode resolve(String in) throws Refused {
        switch (in) {
            case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
                return NODES.booleanNode(true);
            case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
                return NODES.booleanNode(false);
            case "", "~", "null", "Null", "NULL":
                return NODES.nullNode();
            case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
                throw new Refused(NOT_JSON);
            default:
                break;
        }
        char first = in.charAt(0);
        if (first == '.') {
            return DOT_FLOAT.matcher(in).matches() ? floatOrText(in.replace("_", ""), in) : NODES.textNode(in);
        }
        if (first != '+' && first != '-' && (first < '0' || first > '9')) {
            return NODES.textNode(in);
        }
        String plain = in.replace("_", "");
        BigInteger integer = goInteger(plain);
        if (integer != null) {
            if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
                long l = integer.longValue();
                return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
            }
            if (first != '+' && first != '-' && integer.compareTo(UINT64_MAX) <= 0) {
                return NODES.numberNode(integer); // ParseUint's uint64 (which takes no sign)
            }
        }
        // Past uint64 in hexadecimal, octal or binary stays text (kubectl 1.32's go-yaml has no big integers).
        return YAML_STYLE_FLOAT.matcher(plain).matches() ? floatOrText(plain, in) : NODES.textNode(in);
    }

    /** ParseFloat: out of range (1e400) is an error, and go-yaml keeps the text; underflow (1e-400) is 0. */
    private static JsonNode floatOrText(String number, String text) {
        double d = Double.parseDouble(number);
        return Double.isInfinite(d) ? NODES.textNode(text) : NODES.numberNode(d);
    }

    /**
     * Go's strconv.ParseInt(s, 0, 64) without its range check (the caller sorts int64, uint64 and larger): an
     * optional sign, then 0x/0o/0b and hexadecimal/octal/binary digits, a leading 0 and octal digits, or
     * decimal digits. Null when that is not the form (ASCII digits only).
     */
    static BigInteger goInteger(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            return null;
        }
        int radix = 10;
        if (s.charAt(i) == '0') {
            char prefix = s.length() - i >= 3 ? Character.toLowerCase(s.charAt(i + 1)) : 0;
            radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 8;
            i += prefix == 'x' || prefix == 'o' || prefix == 'b' ? 2 : 1;
            if (i == s.length()) {
                return BigInteger.ZERO; // "0", "-0"
            }
        }
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : Integer.MAX_VALUE;
            if (digit >= radix) {
                return null;
            }
        }
        BigInteger magnitude = new BigInteger(s.substring(i), radix);
        return negative ? magnitude.negate() : magnitude;
    }

    /** go-yaml decodes !!binary's base64 (line breaks ignored) and hands on the bytes as text. */
    private static JsonNode binary(String text) throws Refused {
        try {
            byte[] bytes = Base64.getDecoder().decode(text.replace("\r", "").replace("\n", ""));
            return NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw notA("binary");
        }
    }

    /**
     * A number as the key sigs.k8s.io/yaml makes of it: an integer in decimal, a float as Go's
     * FormatFloat(f, 'g', -1, 32) writes it (the shortest float32 digits: 1.5, 1000, 1e+06, 1e-05).
     */
    static String keyOf(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.bigIntegerValue().toString();
        }
        float f = number.floatValue();
        if (f == 0) {
            return Float.floatToRawIntBits(f) < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Float.toString(Math.abs(f))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = f < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int e = Math.abs(exponent);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
        }
        return sign + shortest.toPlainString();
    }
}
