package io.djangoguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** helm's --set syntax, taken apart into the one-key pairs helm-java takes. */
class SetValuesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a=1                 | a=1",
        "a=1,b.c=2           | a=1;b.c=2",
        "hosts={x,y}         | hosts[0]=x;hosts[1]=y",
        "hosts={x},d=true    | hosts[0]=x;d=true",
        "a=x\\,y             | a=x,y",
        "a=                  | a=",
        "a=b=c               | a=b=c",
        "list[0]=v           | list[0]=v",
    })
    void pairs(String set, String expected) {
        Map<String, Object> want = new LinkedHashMap<>();
        if (!expected.isEmpty()) {
            for (String pair : expected.split(";")) {
                int eq = pair.indexOf('=');
                want.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        assertEquals(want, SetValues.pairs(set));
    }

    @org.junit.jupiter.api.Test
    void anEmptyListIsRefusedRatherThanLeftOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SetValues.pairs("hosts={}"));
        assertEquals(true, e.getMessage().contains("give it in a --values file"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"novalue", "=1", "a=1,", "a=1,,b=2"})
    void notKeyValue(String set) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SetValues.split(set));
        assertEquals(true, e.getMessage().contains("is not key=value"), e.getMessage());
    }
}
