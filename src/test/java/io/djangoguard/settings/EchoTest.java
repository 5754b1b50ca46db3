package io.djangoguard.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which values a message may quote: only what cannot be a secret; the rest is described by its length. */
class EchoTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" echoed: {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        // boolean words and typos of them
        "True|true", "off|true", "maybe|true", "' yes'|true", "''|true",
        // numbers as Python's int() reads them
        "31536000|true", "+5|true", "1_000|true", "' 60 '|true", "-1|true",
        // host lists, plain or as JSON, with wildcards, IPs and ports
        "shop.example.com, *|true", "*|true", ".example.com|true", "localhost,127.0.0.1,[::1]|true",
        "[\"a.example.com\", \"b.example.com\"]|true", "10.0.0.1|true", "shop.example.com:8000|true",
        // a secret key pasted into the wrong variable: never, not even in part
        "django-insecure-9z$w!k3m@x8#p2q^r7t&v5y*b1n4c6e0|false",
        "tZ8#q-UNMISTAKABLE-SECRET-VALUE-b9f2c41d7e05a3-kP0w!xR6yLm2vN4|false",
        "c2VjcmV0LWtleS1iYXNlNjQtZW5jb2RlZC12YWx1ZQ==|false",
        "9f86d081884c7d659a2feaa0c55ad015|false", "abcdefghi|false", "Passw0rd|false",
        // a token that happens to contain a dot, with a long label
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0|false",
        "postgres://user:hunter2@db:5432/shop|false",
    })
    void echoesOnlyWhatCannotBeASecret(String value, boolean echoed) {
        assertEquals(echoed, Echo.harmless(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"abcdefghij|a 10-character value", "x\u00e9\u00e9|a 3-character value"})
    void describesByLength(String value, String described) {
        assertEquals(described, Echo.lengthOf(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DEBUG|True|env DJANGO_DEBUG = \"True\"",
        "DEBUG|0123456789abcdefghijABCDEFGHIJ!@#$%^&*()_+-=0123|env DJANGO_DEBUG = a 48-character value",
        "ALLOWED_HOSTS|shop.example.com, *|env DJANGO_ALLOWED_HOSTS = \"shop.example.com, *\"",
    })
    void settingValuesDescribeThemselves(String setting, String raw, String described) {
        SettingValue v = new SettingValue(DjangoSetting.valueOf(setting), "DJANGO_" + setting, raw,
                new Source(Source.Kind.ENV_VALUE, "env DJANGO_" + setting, "env[0]", null));
        assertEquals(described, v.describe());
    }
}
