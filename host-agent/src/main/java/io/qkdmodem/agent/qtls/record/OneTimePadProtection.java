package io.qkdmodem.agent.qtls.record;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import java.util.Arrays;

/**
 * One-time pad with a Wegman-Carter tag (TTL = 1 message): every record draws {@code length + 32}
 * fresh bytes from the direction's {@link KeyPool}, {@code length} for the pad and 16 + 16 for the
 * tag's hash key H and mask S. The fragment is {@code pad_offset(8) || ciphertext || tag(16)}; the
 * reader must present exactly its pool's cursor, so a pad is never used twice.
 */
public final class OneTimePadProtection implements RecordProtection {
    private static final int HEADER = 8;
    private static final int KEYS = 2 * WegmanCarterMac.KEY_LENGTH;

    private final KeyPool pool;

    public OneTimePadProtection(KeyPool pool) {
        this.pool = pool;
    }

    @Override
    public byte[] seal(long sequence, int contentType, byte[] plaintext) throws QtlsFatalAlert {
        KeyPool.Draw draw = pool.draw(plaintext.length + KEYS);
        byte[] pad = draw.bytes();
        try {
            byte[] out = new byte[HEADER + plaintext.length + WegmanCarterMac.TAG_LENGTH];
            for (int i = 0; i < 8; i++) {
                out[i] = (byte) (draw.offset() >>> (56 - 8 * i));
            }
            byte[] ct = new byte[plaintext.length];
            for (int i = 0; i < ct.length; i++) {
                ct[i] = (byte) (plaintext[i] ^ pad[i]);
            }
            System.arraycopy(ct, 0, out, HEADER, ct.length);
            byte[] tag =
                    tagFor(pad, plaintext.length, sequence, contentType, draw.offset(), plaintext);
            System.arraycopy(tag, 0, out, HEADER + ct.length, tag.length);
            return out;
        } finally {
            Arrays.fill(pad, (byte) 0);
        }
    }

    @Override
    public byte[] open(long sequence, int contentType, byte[] fragment) throws QtlsFatalAlert {
        if (fragment.length < HEADER + WegmanCarterMac.TAG_LENGTH) {
            throw new QtlsFatalAlert(
                    AlertDescription.BAD_RECORD_MAC, "one-time-pad record too short");
        }
        long offset = 0;
        for (int i = 0; i < 8; i++) {
            offset = (offset << 8) | (fragment[i] & 0xFF);
        }
        int len = fragment.length - HEADER - WegmanCarterMac.TAG_LENGTH;
        byte[] ct = Arrays.copyOfRange(fragment, HEADER, HEADER + len);
        byte[] tag = Arrays.copyOfRange(fragment, HEADER + len, fragment.length);
        byte[] pad = pool.drawAt(offset, len + KEYS);
        try {
            byte[] pt = new byte[len];
            for (int i = 0; i < len; i++) {
                pt[i] = (byte) (ct[i] ^ pad[i]);
            }
            byte[] expected = tagFor(pad, len, sequence, contentType, offset, pt);
            if (!java.security.MessageDigest.isEqual(expected, tag)) {
                Arrays.fill(pt, (byte) 0);
                throw new QtlsFatalAlert(
                        AlertDescription.BAD_RECORD_MAC, "Wegman-Carter tag mismatch");
            }
            return pt;
        } finally {
            Arrays.fill(pad, (byte) 0);
        }
    }

    private static byte[] tagFor(
            byte[] pad, int len, long sequence, int contentType, long offset, byte[] plaintext) {
        byte[] h = Arrays.copyOfRange(pad, len, len + 16);
        byte[] s = Arrays.copyOfRange(pad, len + 16, len + 32);
        try {
            byte[] aad = new byte[21];
            System.arraycopy(AeadProtection.aad(sequence, contentType, len), 0, aad, 0, 13);
            for (int i = 0; i < 8; i++) {
                aad[13 + i] = (byte) (offset >>> (56 - 8 * i));
            }
            return WegmanCarterMac.tag(h, s, aad, plaintext);
        } finally {
            Arrays.fill(h, (byte) 0);
            Arrays.fill(s, (byte) 0);
        }
    }

    @Override
    public int overhead() {
        return HEADER + WegmanCarterMac.TAG_LENGTH;
    }

    @Override
    public void destroy() {
        // The pool belongs to the session, which destroys it.
    }

    @Override
    public String toString() {
        return "OneTimePadProtection[" + pool + "]";
    }
}
