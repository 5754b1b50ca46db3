package io.djangoguard.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** django-environ's readings, value by value; the Django parity test checks the same against Django itself. */
class ValueReaderTest {

    @ParameterizedTest(name = "bool \"{0}\" -> {1}, readable {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "True|true|true", "TRUE|true|true", "yes|true|true", "Y|true|true", "on|true|true", "OK|true|true",
        "1|true|true", "2|true|true", "-1|true|true", "' 1 '|true|true", "+1|true|true", "1_0|true|true",
        "False|false|true", "no|false|true", "off|false|true", "n|false|true", "0|false|true", "00|false|true",
        "''|false|true",
        // django-environ reads these as False; the user almost certainly meant something else.
        "maybe|false|false", "t|false|false", "' true'|false|false", "enabled|false|false", "0.0|false|false"})
    void booleans(String raw, boolean value, boolean readable) {
        ValueReader.Reading<Boolean> r = ValueReader.bool(raw);
        assertEquals(value, r.value());
        assertEquals(readable, r.readable());
    }

    @ParameterizedTest(name = "int \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', nullValues = "none", value = {
        "0|0", "31536000|31536000", "' 60 '|60", "+5|5", "-1|-1", "1_000|1000", "000|0",
        "1y|none", "1__0|none", "_1|none", "1_|none", "''|none", "0x10|none", "3.5|none", "99999999999999999999|none"})
    void integers(String raw, Long value) {
        assertEquals(value, ValueReader.integer(raw).value());
    }

    @ParameterizedTest(name = "list \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''|", "','|", "a.com|a.com", "'a.com, *'|a.com;*", "'a.com,,b.com'|a.com;b.com", "' '|<blank>",
        "'[\"a.com\", \" * \"]'|a.com;*", "[]|", "' [\"x\"]'|x"})
    void lists(String raw, String expected) {
        List<String> want = expected == null || expected.isEmpty() ? List.of()
                : expected.equals("<blank>") ? List.of("") : List.of(expected.split(";"));
        assertEquals(want, ValueReader.list(raw).value());
    }

    @ParameterizedTest(name = "list \"{0}\" is unreadable")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {"'[oops'", "'[1, 2]'", "'[\"a\"] b'", "'{\"a\": 1}'"})
    void malformedJsonLists(String raw) {
        assertEquals(raw.startsWith("{"), ValueReader.list(raw).readable());
    }
}
