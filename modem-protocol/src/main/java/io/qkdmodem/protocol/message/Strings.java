package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;
import java.nio.charset.StandardCharsets;

/** Length-prefixed (u8) UTF-8 strings and ids. */
final class Strings {

    static final int MAX_BYTES = 255;
    static final int MAX_ID = 64;

    private Strings() {}

    static void check(String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("string longer than 255 UTF-8 bytes");
        }
    }

    static void checkId(byte[] id) {
        if (id.length < 1 || id.length > MAX_ID) {
            throw new IllegalArgumentException("an id has 1..64 bytes");
        }
    }

    static void write(ByteWriter w, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        w.u8(b.length).bytes(b);
    }

    static String read(ByteReader r) {
        return new String(r.bytes(r.u8()), StandardCharsets.UTF_8);
    }

    static byte[] readId(ByteReader r) throws MessageFormatException {
        int n = r.u8();
        if (n < 1 || n > MAX_ID) {
            throw new MessageFormatException("id length " + n + " outside 1..64");
        }
        return r.bytes(n);
    }
}
