package io.qkdmodem.agent.qtls.testing;

import io.qkdmodem.agent.qtls.ContentType;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A man in the middle that flips one bit in the last byte of the n-th plaintext handshake or QKD
 * Configuration record it sees (counting both directions through one shared counter). Engines emit
 * whole records, so each chunk is parsed as a sequence of records.
 */
public final class RecordTamperer {
    private final AtomicInteger seen = new AtomicInteger();
    private final int target;
    private volatile boolean tampered;
    private volatile int tamperedType = -1;

    public RecordTamperer(int target) {
        this.target = target;
    }

    public UnaryOperator<byte[]> direction() {
        boolean[] ccsSeen = new boolean[1];
        return chunk -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int pos = 0;
            while (pos + 5 <= chunk.length) {
                int type = chunk[pos] & 0xFF;
                int len = ((chunk[pos + 3] & 0xFF) << 8) | (chunk[pos + 4] & 0xFF);
                if (pos + 5 + len > chunk.length) {
                    break;
                }
                byte[] rec = java.util.Arrays.copyOfRange(chunk, pos, pos + 5 + len);
                if (type == ContentType.CHANGE_CIPHER_SPEC) {
                    ccsSeen[0] = true;
                }
                if (!ccsSeen[0]
                        && (type == ContentType.HANDSHAKE || type == ContentType.QKD_CONFIGURATION)
                        && len > 0) {
                    if (seen.getAndIncrement() == target) {
                        rec[rec.length - 1] ^= 1;
                        tampered = true;
                        tamperedType = type == ContentType.HANDSHAKE ? rec[5] & 0xFF : 256;
                    }
                }
                out.write(rec, 0, rec.length);
                pos += 5 + len;
            }
            out.write(chunk, pos, chunk.length - pos);
            return out.toByteArray();
        };
    }

    public boolean tampered() {
        return tampered;
    }

    /** Handshake type of the tampered message, 256 for a QKD Configuration record. */
    public int tamperedType() {
        return tamperedType;
    }

    public int seen() {
        return seen.get();
    }
}
