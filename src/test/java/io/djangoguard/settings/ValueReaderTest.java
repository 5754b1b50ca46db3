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
        "maybe|false|false", "t|false|false", "enabled|false|false", "0.0|false|false"})
    void booleans(String raw, boolean value, boolean readable) {
        for (DjangoVersion version : DjangoVersion.values()) {
            ValueReader.Reading<Boolean> r = ValueReader.bool(raw, version);
            assertEquals(value, r.value(), version.id());
            assertEquals(readable, r.readable(), version.id());
        }
    }

    /** django-environ 0.10 strips before its test (checked with 0.4.4 and 0.11 on this machine). */
    @ParameterizedTest(name = "bool \"{0}\" differs between the versions")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {"' true'", "'yes\n'", "' on '"})
    void paddedBooleansAreTrueFromDjangoEnviron010(String raw) {
        String text = raw.replace("\\n", "\n");
        assertEquals(new ValueReader.Reading<>(true, null), ValueReader.bool(text, DjangoVersion.DJANGO_5_2));
        ValueReader.Reading<Boolean> old = ValueReader.bool(text, DjangoVersion.DJANGO_3_2);
        assertEquals(false, old.value());
        assertEquals(true, old.problem().contains("0.10 and later as True"), old.problem());
    }

    @ParameterizedTest(name = "int \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', nullValues = "none", value = {
        "0|0", "31536000|31536000", "' 60 '|60", "+5|5", "-1|-1", "1_000|1000", "000|0",
        "1y|none", "1__0|none", "_1|none", "1_|none", "''|none", "0x10|none", "3.5|none", "99999999999999999999|none"})
    void integers(String raw, Long value) {
        assertEquals(value, ValueReader.integer(raw).value());
    }

    /** Split on commas, empty items dropped, nothing trimmed, no JSON: Django then compares entries exactly. */
    @ParameterizedTest(name = "list \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''|", "','|", "a.com|a.com", "'a.com,*'|a.com;*", "'a.com, *'|a.com; *", "'a.com,,b.com'|a.com;b.com", "' '|<blank>",
        "'[\"a.com\", \" * \"]'|[\"a.com\"; \" * \"]", "[]|[]", "' [\"x\"]'|' [\"x\"]'"})
    void lists(String raw, String expected) {
        List<String> want = expected == null || expected.isEmpty() ? List.of()
                : expected.equals("<blank>") ? List.of(" ") : List.of(expected.split(";", -1));
        assertEquals(want, ValueReader.list(raw).value());
    }

    @ParameterizedTest(name = "list \"{0}\" has an entry that matches nothing")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {"'a.com, *'|\" *\"", "'[\"a\"]'|[\"a\"]", "[]|[]", "' '|\" \""})
    void entriesWithSpacesOrJsonAreProblemsNamingTheEntry(String raw, String entry) {
        String problem = ValueReader.list(raw).problem();
        assertEquals(true, problem != null && problem.contains("entry"), raw + " -> " + problem);
    }

    @ParameterizedTest(name = "list \"{0}\" is fine")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {"'a.com,*'", "'.example.com,localhost,127.0.0.1'", "''"})
    void plainListsAreNoProblem(String raw) {
        assertEquals(null, ValueReader.list(raw).problem());
    }
}
