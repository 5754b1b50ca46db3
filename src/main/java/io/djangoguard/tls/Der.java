package io.djangoguard.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The little of ASN.1 DER that reading PEM keys and writing a certificate need, with the JDK only.
 * <p>
 * Reading is for files users give: every length is checked against what is left of the input (so nothing is allocated
 * beyond the input's size), only definite lengths and one-byte tags are accepted, and nothing recurses: a caller steps
 * into a constructed element by asking for its {@link Element#contents()}, one level at a time. What is malformed is a
 * {@link Malformed} whose message never quotes the input.
 */
final class Der {

    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int IA5_STRING = 0x16;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    /** An object identifier longer than this is not one of the few this code compares against. */
    private static final int MAX_OID_BYTES = 64;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    /** Tag of a context-specific constructed element, {@code [n]} EXPLICIT or of a constructed type. */
    static int context(int n) {
        return 0xa0 | n;
    }

    /** Tag of a context-specific primitive element, {@code [n]} IMPLICIT of a primitive type. */
    static int contextPrimitive(int n) {
        return 0x80 | n;
    }

    /** Input that is not the DER expected. No message: what it would say could quote the input. */
    static final class Malformed extends Exception {

        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }

    // ---------------------------------------------------------------------------------------------------------- reading

    /** One element of the input: its tag and where its content lies. */
    static final class Element {
        private final byte[] input;
        final int tag;
        private final int start;
        private final int contentStart;
        private final int end;

        private Element(byte[] input, int tag, int start, int contentStart, int end) {
            this.input = input;
            this.tag = tag;
            this.start = start;
            this.contentStart = contentStart;
            this.end = end;
        }

        int length() {
            return end - contentStart;
        }

        /** A copy of the content octets. */
        byte[] content() {
            return Arrays.copyOfRange(input, contentStart, end);
        }

        /** A copy of the whole element, tag and length included. */
        byte[] encoded() {
            return Arrays.copyOfRange(input, start, end);
        }

        /** The elements inside a constructed element. */
        Reader contents() throws Malformed {
            if ((tag & 0x20) == 0) {
                throw new Malformed();
            }
            return new Reader(input, contentStart, end);
        }

        /** The value of an INTEGER. */
        BigInteger integer() throws Malformed {
            expect(INTEGER);
            if (length() == 0) {
                throw new Malformed();
            }
            return new BigInteger(input, contentStart, length());
        }

        /** The value of an OBJECT IDENTIFIER, dotted ("1.2.840.10045.2.1"). */
        String oid() throws Malformed {
            expect(OID);
            if (length() == 0 || length() > MAX_OID_BYTES || (input[end - 1] & 0x80) != 0) {
                throw new Malformed();
            }
            StringBuilder dotted = new StringBuilder();
            long arc = 0;
            boolean first = true;
            for (int i = contentStart; i < end; i++) {
                int b = input[i] & 0xff;
                if (arc == 0 && b == 0x80) {
                    throw new Malformed(); // a sub-identifier's first octet is never 0x80 (X.690, 8.19.2)
                }
                if (arc > (Long.MAX_VALUE >> 7)) {
                    throw new Malformed();
                }
                arc = (arc << 7) | (b & 0x7f);
                if ((b & 0x80) == 0) {
                    if (first) {
                        int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                        dotted.append(top).append('.').append(arc - 40L * top);
                        first = false;
                    } else {
                        dotted.append('.').append(arc);
                    }
                    arc = 0;
                }
            }
            return dotted.toString();
        }

        void expect(int expected) throws Malformed {
            if (tag != expected) {
                throw new Malformed();
            }
        }
    }

    /** The elements in a stretch of the input, one after the other. */
    static final class Reader {
        private final byte[] input;
        private int position;
        private final int end;

        private Reader(byte[] input, int start, int end) {
            this.input = input;
            this.position = start;
            this.end = end;
        }

        boolean hasNext() {
            return position < end;
        }

        /** The tag of the next element, or -1 at the end. */
        int peekTag() {
            return hasNext() ? input[position] & 0xff : -1;
        }

        Element next() throws Malformed {
            int start = position;
            if (end - position < 2) {
                throw new Malformed();
            }
            int tag = input[position++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new Malformed(); // high tag numbers: nothing read here uses them
            }
            int first = input[position++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int octets = first & 0x7f;
                // 0x80 is the indefinite length of BER, not DER; more than 4 octets cannot fit in the input.
                if (octets == 0 || octets > 4 || end - position < octets) {
                    throw new Malformed();
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (input[position++] & 0xff);
                }
            }
            if (length > end - position) {
                throw new Malformed();
            }
            int contentStart = position;
            position += (int) length;
            return new Element(input, tag, start, contentStart, position);
        }

        Element next(int tag) throws Malformed {
            Element element = next();
            element.expect(tag);
            return element;
        }

        /** The next element if it has this tag, else null (and nothing is consumed). */
        Element optional(int tag) throws Malformed {
            return peekTag() == tag ? next() : null;
        }
    }

    /** The one element {@code der} consists of, with nothing before or after it. */
    static Element single(byte[] der) throws Malformed {
        Reader reader = new Reader(der, 0, der.length);
        Element element = reader.next();
        if (reader.hasNext()) {
            throw new Malformed();
        }
        return element;
    }

    // ---------------------------------------------------------------------------------------------------------- writing

    /** An element of {@code tag} whose content is the concatenation of {@code contents}. */
    static byte[] tlv(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] content : contents) {
            length = Math.addExact(length, content.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] content : contents) {
            out.writeBytes(content);
        }
        return out.toByteArray();
    }

    /**
     * {@code [n] IMPLICIT} of a primitive element: the same element with its tag replaced (all the elements written
     * here have one-octet tags).
     */
    static byte[] implicit(int n, byte[] primitiveElement) {
        if ((primitiveElement[0] & 0x20) != 0) {
            throw new IllegalArgumentException("not a primitive element");
        }
        byte[] tagged = primitiveElement.clone();
        tagged[0] = (byte) contextPrimitive(n);
        return tagged;
    }

    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, elements);
    }

    static byte[] set(byte[]... elements) {
        return tlv(SET, elements);
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] { (byte) (value ? 0xff : 0x00) });
    }

    static byte[] nullValue() {
        return tlv(NULL);
    }

    static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /** A BIT STRING of whole octets. */
    static byte[] bitString(byte[] bits) {
        return bitString(bits, 0);
    }

    /** A BIT STRING whose last {@code unusedBits} bits (zero) are padding. */
    static byte[] bitString(byte[] bits, int unusedBits) {
        if (unusedBits < 0 || unusedBits > 7 || (bits.length == 0 && unusedBits != 0)) {
            throw new IllegalArgumentException("unused bits: " + unusedBits);
        }
        return tlv(BIT_STRING, new byte[] { (byte) unusedBits }, bits);
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("not an object identifier: " + dotted);
        }
        long top = Long.parseLong(arcs[0]);
        long second = Long.parseLong(arcs[1]);
        if (top > 2 || second < 0 || (top < 2 && second >= 40)) {
            throw new IllegalArgumentException("not an object identifier: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, Math.addExact(Math.multiplyExact(40, top), second));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            if (arc < 0) {
                throw new IllegalArgumentException("not an object identifier: " + dotted);
            }
            writeArc(out, arc);
        }
        return tlv(OID, out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long arc) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(arc) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((arc >>> (7 * i)) & 0x7f);
            out.write(i > 0 ? group | 0x80 : group);
        }
    }

    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An IA5String (ASCII), such as a dNSName. */
    static byte[] ia5String(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                throw new IllegalArgumentException("not ASCII (IA5String): " + value);
            }
        }
        return tlv(IA5_STRING, value.getBytes(StandardCharsets.US_ASCII));
    }

    /** An X.509 Time (RFC 5280, 4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050; whole seconds, in UTC. */
    static byte[] time(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() >= 1950 && utc.getYear() < 2050) {
            return tlv(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
        }
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            throw new IllegalArgumentException("not a time an X.509 certificate can hold: " + instant);
        }
        return tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }
}
