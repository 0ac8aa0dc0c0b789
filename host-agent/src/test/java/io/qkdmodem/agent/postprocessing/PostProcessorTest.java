package io.qkdmodem.agent.postprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import io.qkdmodem.agent.postprocessing.message.Abort;
import io.qkdmodem.agent.postprocessing.message.ParityReply;
import io.qkdmodem.agent.postprocessing.message.PostProcessingMessage;
import io.qkdmodem.agent.postprocessing.message.SampleReply;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostProcessorTest {

    static BitVector[] correlated(int n, double qber, long seed) {
        Random r = new Random(seed);
        BitVector a = BitVector.random(n, r);
        BitVector b = a.copy();
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < qber) {
                b.flip(i);
            }
        }
        return new BitVector[] {a, b};
    }

    @Test
    void bothSidesEndWithTheSameSecretKey() throws Exception {
        for (double q : new double[] {0.005, 0.02, 0.05}) {
            long seed = 1000 + (long) (q * 1000);
            BitVector[] k = correlated(200_000, q, seed);
            PostProcessingConfig cfg = PostProcessingConfig.defaults();
            PostProcessor alice =
                    PostProcessor.alice(cfg, k[0], Optional.empty(), new Random(seed + 1));
            PostProcessor bob =
                    PostProcessor.bob(cfg, k[1], Optional.empty(), new Random(seed + 2));
            new Pump().run(alice, bob);
            assertThat(alice.state()).as("seed %d", seed).isEqualTo(PostProcessor.State.DONE);
            assertThat(bob.state()).as("seed %d", seed).isEqualTo(PostProcessor.State.DONE);
            FinalKey ka = alice.finalKey().orElseThrow();
            FinalKey kb = bob.finalKey().orElseThrow();
            assertThat(ka.bitLength()).isGreaterThan(0).isEqualTo(kb.bitLength());
            assertThat(ka.toBytes()).isEqualTo(kb.toBytes());
            PostProcessingReport ra = alice.report();
            PostProcessingReport rb = bob.report();
            assertThat(ra.cascadeLeakBits()).isEqualTo(rb.cascadeLeakBits());
            assertThat(ra.parityRequests()).isEqualTo(rb.parityRequests());
            assertThat(ra.finalBits()).isEqualTo(rb.finalBits());
            // The key is shorter than n (1 - h(Q)) - leak: finite-size terms are subtracted.
            int n = ra.siftedBits() - ra.sampleBits();
            assertThat((double) ra.finalBits()).isLessThan(n - ra.cascadeLeakBits());
            assertThat(ka.toString()).doesNotContain("0x").contains("bits");
        }
    }

    /**
     * A deliberately weak Cascade (2 passes at 5 %) leaves residual errors in some sessions: each
     * of those must end FAILED(VERIFICATION_FAILED) on both sides, every other must end DONE with
     * identical keys; never DONE with different keys.
     */
    @Test
    void residualErrorsAreAlwaysReportedByVerification() throws Exception {
        PostProcessingConfig cfg = PostProcessingConfig.builder().cascadePasses(2).build();
        int verificationFailures = 0;
        int done = 0;
        for (long seed = 300; seed < 308; seed++) {
            BitVector[] k = correlated(100_000, 0.05, seed);
            PostProcessor alice =
                    PostProcessor.alice(cfg, k[0], Optional.empty(), new Random(seed));
            PostProcessor bob = PostProcessor.bob(cfg, k[1], Optional.empty(), new Random(~seed));
            new Pump().run(alice, bob);
            if (alice.state() == PostProcessor.State.DONE) {
                assertThat(bob.state()).as("seed %d", seed).isEqualTo(PostProcessor.State.DONE);
                assertThat(alice.finalKey().orElseThrow().toBytes())
                        .as("seed %d", seed)
                        .isEqualTo(bob.finalKey().orElseThrow().toBytes());
                done++;
            } else {
                assertThat(alice.failure()).as("seed %d", seed).isPresent();
                assertThat(bob.failure()).as("seed %d", seed).isPresent();
                if (alice.failure().get() == FailureReason.VERIFICATION_FAILED) {
                    assertThat(bob.failure()).contains(FailureReason.VERIFICATION_FAILED);
                    verificationFailures++;
                }
            }
        }
        assertThat(verificationFailures).as("weak Cascade must fail sometimes").isPositive();
        assertThat(done + verificationFailures).isGreaterThan(0);
    }

    @Test
    void highQberAbortsOnBothSides() throws Exception {
        BitVector[] k = correlated(50_000, 0.15, 7);
        PostProcessingConfig cfg = PostProcessingConfig.defaults();
        PostProcessor alice = PostProcessor.alice(cfg, k[0], Optional.empty(), new Random(1));
        PostProcessor bob = PostProcessor.bob(cfg, k[1], Optional.empty(), new Random(2));
        new Pump().run(alice, bob);
        assertThat(alice.failure()).contains(FailureReason.QBER_ABOVE_THRESHOLD);
        assertThat(bob.failure()).contains(FailureReason.QBER_ABOVE_THRESHOLD);
        assertThat(alice.finalKey()).isEmpty();
    }

    @Test
    void thresholdIsASetting() throws Exception {
        BitVector[] k = correlated(50_000, 0.04, 8);
        PostProcessingConfig cfg = PostProcessingConfig.builder().qberAbortThreshold(0.02).build();
        PostProcessor alice = PostProcessor.alice(cfg, k[0], Optional.empty(), new Random(1));
        PostProcessor bob = PostProcessor.bob(cfg, k[1], Optional.empty(), new Random(2));
        new Pump().run(alice, bob);
        assertThat(bob.failure()).contains(FailureReason.QBER_ABOVE_THRESHOLD);
    }

    @Test
    void unexpectedAndMalformedMessagesAreRejectedWithoutChange() throws Exception {
        BitVector[] k = correlated(20_000, 0.02, 9);
        PostProcessingConfig cfg = PostProcessingConfig.defaults();
        PostProcessor alice = PostProcessor.alice(cfg, k[0], Optional.empty(), new Random(1));
        PostProcessor bob = PostProcessor.bob(cfg, k[1], Optional.empty(), new Random(2));
        List<PostProcessingMessage> first = alice.start();
        bob.start();
        assertThatThrownBy(() -> bob.handle(new ParityReply(new BitVector(3))))
                .isInstanceOf(PostProcessingException.class)
                .satisfies(
                        e ->
                                assertThat(((PostProcessingException) e).kind())
                                        .isEqualTo(PostProcessingException.Kind.REJECTED));
        assertThatThrownBy(() -> bob.handle(new byte[] {0x01, 0x00}))
                .isInstanceOf(PostProcessingException.class);
        assertThatThrownBy(() -> alice.handle(new SampleReply(new BitVector(5))))
                .isInstanceOf(PostProcessingException.class);
        assertThat(bob.state()).isEqualTo(PostProcessor.State.AWAIT_SAMPLE_DISCLOSURE);
        assertThat(alice.state()).isEqualTo(PostProcessor.State.AWAIT_SAMPLE_REPLY);
        // The session still completes afterwards.
        List<PostProcessingMessage> reply = bob.handle(first.get(0).encode());
        assertThat(reply).hasSize(1);
    }

    @Test
    void peerAbortEndsTheSession() throws Exception {
        BitVector[] k = correlated(20_000, 0.02, 10);
        PostProcessor bob =
                PostProcessor.bob(
                        PostProcessingConfig.defaults(), k[1], Optional.empty(), new Random(2));
        bob.start();
        bob.handle(new Abort(FailureReason.NO_SECRET_KEY.code()).encode());
        assertThat(bob.failure()).contains(FailureReason.PEER_ABORTED);
    }

    @Test
    void differingDecoyStatisticsAreAParameterMismatch() throws Exception {
        BitVector[] k = correlated(20_000, 0.02, 11);
        DecoyStatistics a = decoy(20_000, 100);
        DecoyStatistics b = decoy(20_000, 101);
        PostProcessingConfig cfg = PostProcessingConfig.defaults();
        PostProcessor alice = PostProcessor.alice(cfg, k[0], Optional.of(a), new Random(1));
        PostProcessor bob = PostProcessor.bob(cfg, k[1], Optional.of(b), new Random(2));
        new Pump().run(alice, bob);
        assertThat(bob.failure()).contains(FailureReason.PARAMETER_MISMATCH);
        assertThat(alice.failure()).contains(FailureReason.PEER_ABORTED);
    }

    static DecoyStatistics decoy(long nX, long mz1) {
        long n1 = nX * 8 / 10;
        long n2 = nX * 19 / 100;
        long n3 = nX - n1 - n2;
        return new DecoyStatistics(
                new double[] {0.5, 0.1, 0.0002},
                new double[] {0.8, 0.15, 0.05},
                new long[] {n1, n2, n3},
                new long[] {n1 / 4, n2 / 4, n3 / 4},
                new long[] {mz1, 40, 10});
    }
}
