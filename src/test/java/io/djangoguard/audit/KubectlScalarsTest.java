package io.djangoguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Scalars as kubectl 1.32 reads them: every row's right side is what {@code kubectl label --local -f F x=y -o json}
 * printed for the left side (a float's JSON form written here as Jackson parses a double, 1000.0). Where YAML 1.1
 * and 1.2 disagree, these are 1.1's answers.
 */
class KubectlScalarsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # plain scalar            | JSON
            yes                       | true
            Yes                       | true
            YES                       | true
            y                         | true
            Y                         | true
            on                        | true
            On                        | true
            ON                        | true
            True                      | true
            TRUE                      | true
            no                        | false
            N                         | false
            off                       | false
            OFF                       | false
            False                     | false
            yEs                       | "yEs"
            oN                        | "oN"
            ~                         | null
            Null                      | null
            NULL                      | null
            12                        | 12
            +12                       | 12
            -0                        | 0
            00                        | 0
            0755                      | 493
            0o755                     | 493
            0O17                      | 15
            0x1F                      | 31
            0X1f                      | 31
            -0x1F                     | -31
            0b101                     | 5
            0B11                      | 3
            1_000                     | 1000
            0x_1F                     | 31
            0_7                       | 7
            1__0                      | 10
            1_                        | 1
            _1                        | "_1"
            12345678901               | 12345678901
            9223372036854775807       | 9223372036854775807
            08                        | 8.0
            1.5                       | 1.5
            1e3                       | 1000.0
            1.                        | 1.0
            1.e5                      | 100000.0
            -.5                       | -0.5
            +.5e3                     | 500.0
            .5_0                      | 0.5
            1_0.5                     | 10.5
            1e5_0                     | 1.0E50
            123456789012345678901234567890 | 1.2345678901234568E29
            18446744073709551616      | 1.8446744073709552E19
            1e-400                    | 0.0
            1e400                     | "1e400"
            0xFFFFFFFFFFFFFFFFFF      | "0xFFFFFFFFFFFFFFFFFF"
            0o                        | "0o"
            0x                        | "0x"
            +                         | "+"
            .                         | "."
            1:20                      | "1:20"
            190:20:30                 | "190:20:30"
            2001-12-14                | "2001-12-14"
            ${HOME}                   | "${HOME}"
            """)
    void plainScalarsReadAsKubectlReadsThem(String scalar, String json) throws Exception {
        assertEquals(JSON.readTree(json), KubectlScalars.read(scalar, true, Optional.empty()));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # tag (none: quoted)      | scalar     | plain | JSON, or the refusal
            ''                        | yes        | false | "yes"
            ''                        | 0755       | false | "0755"
            !                         | yes        | true  | "yes"
            !Ref                      | my-bucket  | true  | "my-bucket"
            tag:yaml.org,2002:str     | 12         | true  | "12"
            tag:yaml.org,2002:str     | ~          | true  | "~"
            tag:yaml.org,2002:int     | 42         | false | 42
            tag:yaml.org,2002:int     | 0755       | true  | 493
            tag:yaml.org,2002:float   | 7          | true  | 7.0
            tag:yaml.org,2002:float   | 1_000      | true  | 1000.0
            tag:yaml.org,2002:bool    | on         | false | true
            tag:yaml.org,2002:null    | ''         | false | null
            tag:yaml.org,2002:binary  | aGVsbG8=   | true  | "hello"
            tag:yaml.org,2002:binary  | /w==       | true  | "\\ufffd"
            tag:yaml.org,2002:timestamp | 2001-12-14T21:59:43.10Z | true | "2001-12-14T21:59:43.10Z"
            tag:yaml.org,2002:timestamp | 2001-12-14 21:59:43.10  | true | "2001-12-14 21:59:43.10"
            tag:yaml.org,2002:map     | foo        | true  | "foo"
            tag:yaml.org,2002:set     | foo        | true  | "foo"
            tag:yaml.org,2002:int     | 1.5        | true  | a scalar is not a valid !!int
            tag:yaml.org,2002:int     | ''         | true  | a scalar is not a valid !!int
            tag:yaml.org,2002:bool    | 1          | true  | a scalar is not a valid !!bool
            tag:yaml.org,2002:float   | abc        | true  | a scalar is not a valid !!float
            tag:yaml.org,2002:null    | x          | true  | a scalar is not a valid !!null
            tag:yaml.org,2002:timestamp | nope     | true  | a scalar is not a valid !!timestamp
            tag:yaml.org,2002:binary  | %%%        | true  | a scalar is not a valid !!binary
            tag:yaml.org,2002:float   | .inf       | true  | a number is infinite or not a number (.inf, .nan), which JSON cannot hold; kubectl refuses it too
            """)
    void aTagDecides(String tag, String scalar, boolean plain, String expected) throws Exception {
        Optional<String> tagged = tag == null || tag.equals("''") ? Optional.empty() : Optional.of(tag);
        String text = scalar == null || scalar.equals("''") ? "" : scalar;
        if (expected.startsWith("a ")) {
            KubectlScalars.Refused e = assertThrows(KubectlScalars.Refused.class, () -> KubectlScalars.read(text, plain, tagged));
            assertEquals(expected, e.getMessage());
        } else {
            assertEquals(JSON.readTree(expected), KubectlScalars.read(text, plain, tagged));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".nan", ".NaN", "-.Inf", "+.INF", ".inf"})
    void infinityAndNotANumberAreRefused(String scalar) {
        KubectlScalars.Refused e = assertThrows(KubectlScalars.Refused.class, () -> KubectlScalars.read(scalar, true, Optional.empty()));
        assertEquals("a number is infinite or not a number (.inf, .nan), which JSON cannot hold; kubectl refuses it too", e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # number as a key   | the JSON key kubectl makes
            493                 | 493
            1.5                 | 1.5
            -1.5                | -1.5
            1e3                 | 1000
            100000.0            | 100000
            1e6                 | 1e+06
            1234567.0           | 1.234567e+06
            0.0001              | 0.0001
            0.00001             | 1e-05
            3.14159265358979    | 3.1415927
            -0.0                | -0
            """)
    void numberKeysAreWrittenAsKubectlWritesThem(String key, String json) throws Exception {
        assertEquals(json, KubectlScalars.keyOf(KubectlScalars.read(key, true, Optional.empty())));
    }
}
