package io.qkdmodem.agent.qtls.testing;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.crypto.Tls12Prf;
import io.qkdmodem.agent.qtls.discussion.Bb84Discussion;
import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
import io.qkdmodem.agent.qtls.discussion.DistillationResult;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A fake discussion for engine tests that do not care about post-processing: Alice discloses the
 * first 64 sifted bytes, Bob answers with his; both abort above the threshold, otherwise both
 * derive the final key from the rest with the PRF (no error correction: only for error-free keys).
 */
public final class NoCorrectionDiscussion implements Bb84Discussion {
    private static final int SAMPLE = 64;

    private final boolean alice;
    private final byte[] bits;
    private final int siftedBits;
    private final DiscussionParameters p;
    private final int finalBytes;
    private boolean sent;
    private boolean complete;
    private byte[] pendingReply;
    private double qber;

    public static DiscussionFactory factory(int finalBytes) {
        return new DiscussionFactory() {
            @Override
            public Bb84Discussion alice(SiftedKey key, DiscussionParameters p, SecureRandom r) {
                return new NoCorrectionDiscussion(true, key, p, finalBytes);
            }

            @Override
            public Bb84Discussion bob(SiftedKey key, DiscussionParameters p) {
                return new NoCorrectionDiscussion(false, key, p, finalBytes);
            }
        };
    }

    private NoCorrectionDiscussion(
            boolean alice, SiftedKey key, DiscussionParameters p, int finalBytes) {
        this.alice = alice;
        this.bits = key.copyBits();
        this.siftedBits = key.bitLength();
        this.p = p;
        this.finalBytes = finalBytes;
    }

    @Override
    public byte[] nextOutbound() {
        if (alice && !sent) {
            sent = true;
            return Arrays.copyOf(bits, SAMPLE);
        }
        byte[] r = pendingReply;
        pendingReply = null;
        return r;
    }

    @Override
    public void onInbound(byte[] message) throws QtlsFatalAlert {
        if (message.length != SAMPLE || complete) {
            throw new QtlsFatalAlert(AlertDescription.DECODE_ERROR, "bad sample");
        }
        int errors = 0;
        for (int i = 0; i < SAMPLE; i++) {
            errors += Integer.bitCount((message[i] ^ bits[i]) & 0xFF);
        }
        qber = errors / (SAMPLE * 8.0);
        if (qber > p.qberThreshold()) {
            throw new QtlsFatalAlert(
                    AlertDescription.EAVESDROPPING_DETECTED, "QBER estimate above threshold");
        }
        if (!alice) {
            pendingReply = Arrays.copyOf(bits, SAMPLE);
        }
        complete = true;
    }

    @Override
    public boolean isComplete() {
        return complete && pendingReply == null;
    }

    @Override
    public DistillationResult result() {
        byte[] rest = Arrays.copyOfRange(bits, SAMPLE, bits.length);
        byte[] f = Tls12Prf.prf(rest, "test final key", new byte[0], finalBytes);
        return new DistillationResult(QtlsSecret.adopt(f), qber, siftedBits, SAMPLE * 8, 0);
    }

    @Override
    public void destroy() {
        Arrays.fill(bits, (byte) 0);
    }
}
