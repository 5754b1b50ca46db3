package io.djangoguard.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class DerTest {

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void writesLengthsInTheShortestForm() {
        assertEquals("0400", hex(Der.octetString(new byte[0])));
        assertEquals("047f", hex(Der.octetString(new byte[127])).substring(0, 4));
        assertEquals("048180", hex(Der.octetString(new byte[128])).substring(0, 6));
        assertEquals("0481ff", hex(Der.octetString(new byte[255])).substring(0, 6));
        assertEquals("04820100", hex(Der.octetString(new byte[256])).substring(0, 8));
        assertEquals("0483010000", hex(Der.octetString(new byte[65536])).substring(0, 10));
    }

    @Test
    void writesIntegersInTwosComplement() {
        assertEquals("020100", hex(Der.integer(0)));
        assertEquals("02017f", hex(Der.integer(127)));
        assertEquals("02020080", hex(Der.integer(128)), "a positive value whose high bit is set takes a leading zero");
        assertEquals("0201ff", hex(Der.integer(-1)));
    }

    @Test
    void writesAndReadsObjectIdentifiers() throws Exception {
        // Examples of X.690, 8.19.5, and the OIDs used here.
        assertEquals("06072a8648ce3d0201", hex(Der.oid("1.2.840.10045.2.1")));
        assertEquals("0603550403", hex(Der.oid("2.5.4.3")));
        assertEquals("060388370b", hex(Der.oid("2.999.11")));
        for (String oid : List.of("1.2.840.10045.2.1", "1.2.840.10045.3.1.7", "1.3.101.112", "2.5.29.17", "2.999.11",
                "0.0", "1.39.9223372036854775807", "1.2.840.113549.1.1.10")) {
            assertEquals(oid, Der.single(Der.oid(oid)).oid());
        }
    }

    @Test
    void refusesMalformedObjectIdentifiers() {
        for (String der : List.of("0600", "06018a", "0602 8001", "060b 2a ffffffffffffffffff 7f")) {
            assertThrows(Der.Malformed.class, () -> Der.single(hex(der)).oid(), der);
        }
        assertThrows(Der.Malformed.class, () -> Der.single(hex("0601" + "2a".repeat(1))).integer());
    }

    @Test
    void writesTimesAsRfc5280Says() {
        assertEquals("170d3235303630313132303030305a", hex(Der.time(Instant.parse("2025-06-01T12:00:00.999Z"))));
        assertEquals("17", hex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))).substring(0, 2), "UTCTime through 2049");
        assertEquals("180f32303530303130313030303030305a", hex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))));
    }

    @Test
    void writesImplicitTagsOfPrimitiveElements() {
        assertEquals("82096c6f63616c686f7374", hex(Der.implicit(2, Der.ia5String("localhost"))));
        assertThrows(IllegalArgumentException.class, () -> Der.implicit(0, Der.sequence()));
        assertThrows(IllegalArgumentException.class, () -> Der.ia5String("b\u00fccher.example"));
    }

    @Test
    void readsNestedElementsOneLevelAtATime() throws Exception {
        byte[] der = Der.sequence(Der.integer(1), Der.sequence(Der.oid("2.5.4.3"), Der.nullValue()),
                Der.tlv(Der.context(0), Der.utf8String("é")));
        Der.Reader outer = Der.single(der).contents();
        assertEquals(BigInteger.ONE, outer.next(Der.INTEGER).integer());
        Der.Reader inner = outer.next(Der.SEQUENCE).contents();
        assertEquals("2.5.4.3", inner.next().oid());
        assertEquals(Der.NULL, inner.next().tag);
        assertFalse(inner.hasNext());
        assertEquals(-1, inner.peekTag());
        assertNull(outer.optional(Der.context(1)));
        Der.Element tagged = outer.optional(Der.context(0));
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), tagged.contents().next(Der.UTF8_STRING).content());
        assertFalse(outer.hasNext());
        assertThrows(Der.Malformed.class, outer::next);
    }

    @Test
    void refusesWhatIsNotDer() {
        List<String> malformed = List.of(
                "", // nothing
                "30", // no length
                "3003 0201", // content shorter than its length
                "3080 0000", // BER's indefinite length
                "3085 0000000001 00", // a length of five octets
                "3084 7fffffff 020100", // a length far beyond the input
                "3084 ffffffff", // a length that would be negative as an int
                "1f2201 00", // a high tag number
                "3000 00"); // something after the element
        for (String der : malformed) {
            assertThrows(Der.Malformed.class, () -> Der.single(hex(der)), der);
        }
        // A primitive element has no elements inside.
        assertThrows(Der.Malformed.class, () -> Der.single(hex("0401 30")).contents());
        assertThrows(Der.Malformed.class, () -> Der.single(hex("3000")).contents().next());
        assertThrows(Der.Malformed.class, () -> Der.single(hex("3003 020100")).contents().next(Der.OID));
        assertThrows(Der.Malformed.class, () -> Der.single(hex("0200")).integer());
    }

    @Test
    void malformedSaysNothing() {
        Der.Malformed e = assertThrows(Der.Malformed.class, () -> Der.single(hex("3003 0201")));
        assertNull(e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void readsNonMinimalLengthsWithinTheInput() throws Exception {
        // Not DER, but bounded all the same: what the JDK then makes of the content is its business.
        Der.Element element = Der.single(hex("0481 03 616263"));
        assertEquals(3, element.length());
        assertTrue(new String(element.content(), StandardCharsets.US_ASCII).equals("abc"));
    }
}
