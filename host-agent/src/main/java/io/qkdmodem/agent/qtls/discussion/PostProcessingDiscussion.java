package io.qkdmodem.agent.qtls.discussion;

import io.qkdmodem.agent.postprocessing.FailureReason;
import io.qkdmodem.agent.postprocessing.FinalKey;
import io.qkdmodem.agent.postprocessing.PostProcessingConfig;
import io.qkdmodem.agent.postprocessing.PostProcessingException;
import io.qkdmodem.agent.postprocessing.PostProcessingReport;
import io.qkdmodem.agent.postprocessing.PostProcessor;
import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.message.PostProcessingMessage;
import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The BB84 discussion carried by the post-processing library ({@code
 * io.qkdmodem.agent.postprocessing}): sample disclosure and QBER estimate, Cascade, verification
 * and Toeplitz privacy amplification, each of its wire messages one Bb84Discussion handshake
 * message. Its failure reasons become alerts here: a QBER above the threshold is {@code
 * eavesdropping_detected}; verification, leak-limit and no-secret-key failures are {@code
 * key_distillation_failed}; the TLS alert replaces the library's Abort message.
 *
 * <p>Each side hands the library its own modem's decoy-state counts of the key block ({@link
 * SiftedKey#decoyStatistics()}). The server (Alice) announces hers in the first discussion message
 * ({@code SampleDisclosure}, part of the handshake transcript), the client (Bob) compares them with
 * his own and aborts with {@code illegal_parameter} when they differ (or only one side has counts),
 * so both compute the same length (Lim et al. 2014). With a {@link SourceModel#WEAK_COHERENT
 * weak-coherent} source a block without counts is refused with {@code key_distillation_failed}
 * before anything is disclosed; only the {@link SourceModel#SINGLE_PHOTON single-photon} model
 * falls back to the bound of Tomamichel et al. 2012.
 */
public final class PostProcessingDiscussion implements Bb84Discussion {
    private final PostProcessor processor;
    private final Deque<byte[]> outbound = new ArrayDeque<>();
    private final int siftedBits;

    private PostProcessingDiscussion(PostProcessor processor, int siftedBits) {
        this.processor = processor;
        this.siftedBits = siftedBits;
        for (PostProcessingMessage m : processor.start()) {
            outbound.add(m.encode());
        }
    }

    /**
     * The factory for an ideal single-photon source ({@link SourceModel#SINGLE_PHOTON}, the paper's
     * model): decoy counts are used when the key carries them, else the single-photon bound.
     */
    public static DiscussionFactory factory() {
        return factory(SourceModel.SINGLE_PHOTON);
    }

    /** The factory for keys from a {@code source}. */
    public static DiscussionFactory factory(SourceModel source) {
        java.util.Objects.requireNonNull(source, "source");
        return new DiscussionFactory() {
            @Override
            public Bb84Discussion alice(
                    SiftedKey key, DiscussionParameters parameters, SecureRandom random) {
                if (refused(source, key)) {
                    return new Refused();
                }
                return new PostProcessingDiscussion(
                        PostProcessor.alice(
                                config(parameters), bits(key), key.decoyStatistics(), random),
                        key.bitLength());
            }

            @Override
            public Bb84Discussion bob(SiftedKey key, DiscussionParameters parameters) {
                if (refused(source, key)) {
                    return new Refused();
                }
                return new PostProcessingDiscussion(
                        PostProcessor.bob(
                                config(parameters),
                                bits(key),
                                key.decoyStatistics(),
                                new SecureRandom()),
                        key.bitLength());
            }
        };
    }

    private static boolean refused(SourceModel source, SiftedKey key) {
        return source == SourceModel.WEAK_COHERENT && key.decoyStatistics().isEmpty();
    }

    /** A block of a weak-coherent source without decoy counts: no message, only the alert. */
    private static final class Refused implements Bb84Discussion {
        private static QtlsFatalAlert alert() {
            return new QtlsFatalAlert(
                    AlertDescription.KEY_DISTILLATION_FAILED,
                    "discussion refused: the key block of a weak-coherent source carries no"
                            + " decoy-state counts (the modems must run a decoy protocol, and the"
                            + " key must be one whole block: RESERVE mode 2); without them its"
                            + " length cannot be bounded against photon-number splitting");
        }

        @Override
        public byte[] nextOutbound() throws QtlsFatalAlert {
            throw alert();
        }

        @Override
        public void onInbound(byte[] message) throws QtlsFatalAlert {
            throw alert();
        }

        @Override
        public boolean isComplete() {
            return false;
        }

        @Override
        public DistillationResult result() {
            throw new IllegalStateException("refused discussion has no result");
        }

        @Override
        public void destroy() {}

        @Override
        public String toString() {
            return "PostProcessingDiscussion[refused: no decoy counts]";
        }
    }

    /**
     * The library's settings for our parameters (the rest at its defaults, equal on both sides).
     */
    public static PostProcessingConfig config(DiscussionParameters p) {
        return PostProcessingConfig.builder()
                .qberAbortThreshold(p.qberThreshold())
                .sampleFraction(p.sampleFraction())
                .epsSec(Math.pow(2, -p.securityExponent()))
                .build();
    }

    private static BitVector bits(SiftedKey key) {
        byte[] b = key.copyBits();
        try {
            return BitVector.fromBytes(b, key.bitLength());
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    @Override
    public byte[] nextOutbound() throws QtlsFatalAlert {
        byte[] m = outbound.poll();
        if (m == null) {
            checkFailed();
        }
        return m;
    }

    @Override
    public void onInbound(byte[] message) throws QtlsFatalAlert {
        if (processor.isFinished()) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE, "discussion message after its end");
        }
        List<PostProcessingMessage> out;
        try {
            out = processor.handle(message);
        } catch (PostProcessingException e) {
            throw new QtlsFatalAlert(
                    e.kind() == PostProcessingException.Kind.REJECTED
                            ? AlertDescription.ILLEGAL_PARAMETER
                            : alertFor(e.reason()),
                    "discussion: " + e.getMessage());
        }
        checkFailed();
        for (PostProcessingMessage m : out) {
            outbound.add(m.encode());
        }
    }

    private void checkFailed() throws QtlsFatalAlert {
        if (processor.state() == PostProcessor.State.FAILED) {
            FailureReason r = processor.failure().orElse(FailureReason.PEER_ABORTED);
            if (r == FailureReason.QBER_ABOVE_THRESHOLD && processor.estimate().isPresent()) {
                double q = processor.estimate().get().observed();
                throw new QtlsFatalAlert(
                        alertFor(r),
                        String.format(
                                java.util.Locale.ROOT,
                                "discussion failed: %s (sample QBER %.2f %%)",
                                r,
                                100 * q),
                        q);
            }
            throw new QtlsFatalAlert(alertFor(r), "discussion failed: " + r);
        }
    }

    static AlertDescription alertFor(FailureReason r) {
        return switch (r) {
            case QBER_ABOVE_THRESHOLD -> AlertDescription.EAVESDROPPING_DETECTED;
            case VERIFICATION_FAILED, NO_SECRET_KEY, LEAK_LIMIT ->
                    AlertDescription.KEY_DISTILLATION_FAILED;
            case PARAMETER_MISMATCH -> AlertDescription.ILLEGAL_PARAMETER;
            case PROTOCOL_VIOLATION -> AlertDescription.ILLEGAL_PARAMETER;
            case PEER_ABORTED -> AlertDescription.HANDSHAKE_FAILURE;
        };
    }

    @Override
    public boolean isComplete() {
        return processor.state() == PostProcessor.State.DONE && outbound.isEmpty();
    }

    @Override
    public DistillationResult result() {
        FinalKey k = processor.finalKey().orElseThrow();
        byte[] all = k.toBytes();
        int whole = k.bitLength() / 8;
        QtlsSecret s = QtlsSecret.adopt(Arrays.copyOf(all, whole));
        Arrays.fill(all, (byte) 0);
        k.destroy();
        PostProcessingReport r = processor.report();
        return new DistillationResult(
                s,
                r.observedQber(),
                siftedBits,
                r.sampleBits(),
                r.cascadeLeakBits() + r.verificationTagBits());
    }

    @Override
    public void destroy() {
        processor.destroy();
    }

    @Override
    public String toString() {
        return "PostProcessingDiscussion[" + processor + "]";
    }
}
