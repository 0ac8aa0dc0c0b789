package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import io.qkdmodem.agent.postprocessing.keyrate.ChannelModel;
import io.qkdmodem.agent.postprocessing.keyrate.DecoyBb84;
import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.discussion.SourceModel;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.KeySourceException;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.Pump;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The discussion with a weak-coherent-pulse source: the key length follows the decoy-state bound
 * (Lim et al. 2014) on the block's counts, which the server announces and the client checks; a
 * block without counts, or with counts that differ between the two modems, gives no key.
 *
 * <p>The counts are the expected counts of the GYS channel model ({@link ChannelModel#gys()}) at 10
 * km for a block whose key bits are every sifted key-basis detection of all three intensity classes
 * (signal 0.5, decoy 0.15, vacuum; chosen with probabilities 0.5, 0.35, 0.15), and the key bits
 * carry that block's mean error rate (seeded).
 */
class DecoyCountsHandshakeTest {
    private static final ChannelModel GYS = ChannelModel.gys();
    private static final double KM = 10;
    private static final double[] MU = {0.5, 0.15, 0.0};
    private static final double[] P = {0.5, 0.35, 0.15};
    private static final int BITS = 1 << 20;

    /** Pulses sent per sifted key-basis bit (1/2 of the detections are in the key basis). */
    private static double siftedPerPulse() {
        double eta = GYS.transmittance(KM);
        double s = 0;
        for (int k = 0; k < 3; k++) {
            s += P[k] * 0.5 * GYS.gain(MU[k], eta);
        }
        return s;
    }

    /**
     * The expected counts of a block of {@code bits} key-basis bits; {@code extraErrors} tampers.
     */
    static DecoyStatistics counts(int bits, long extraErrors) {
        double eta = GYS.transmittance(KM);
        double per = siftedPerPulse();
        long[] nX = new long[3];
        long[] nZ = new long[3];
        long[] mZ = new long[3];
        long sum = 0;
        for (int k = 0; k < 3; k++) {
            double d = bits * P[k] * 0.5 * GYS.gain(MU[k], eta) / per;
            nX[k] = Math.round(d);
            nZ[k] = nX[k];
            mZ[k] = Math.round(d * GYS.qber(MU[k], eta));
            sum += nX[k];
        }
        nX[0] += bits - sum;
        mZ[1] += extraErrors;
        return new DecoyStatistics(MU, P, nX, nZ, mZ);
    }

    /** The block's mean error rate over all classes. */
    private static double meanQber() {
        double eta = GYS.transmittance(KM);
        double errors = 0;
        double gain = 0;
        for (int k = 0; k < 3; k++) {
            errors += P[k] * GYS.gain(MU[k], eta) * GYS.qber(MU[k], eta);
            gain += P[k] * GYS.gain(MU[k], eta);
        }
        return errors / gain;
    }

    /** A key source that hands its keys out with the counts {@code stats} gives for their size. */
    static SiftedKeySource withCounts(
            SiftedKeySource inner, IntFunction<Optional<DecoyStatistics>> stats) {
        return new SiftedKeySource() {
            private SiftedKey attach(SiftedKey k) {
                byte[] b = k.copyBits();
                k.destroy();
                return new SiftedKey(k.reference(), k.bitLength(), b, stats.apply(k.bitLength()));
            }

            @Override
            public SiftedKey reserve(int bits) throws KeySourceException {
                return attach(inner.reserve(bits));
            }

            @Override
            public SiftedKey fetch(KeyReference reference, int bits) throws KeySourceException {
                return attach(inner.fetch(reference, bits));
            }

            @Override
            public void consume(KeyReference reference) throws KeySourceException {
                inner.consume(reference);
            }

            @Override
            public void release(KeyReference reference) throws KeySourceException {
                inner.release(reference);
            }

            @Override
            public void replenish(QtlsSecret key) throws KeySourceException {
                inner.replenish(key);
            }

            @Override
            public void replenish(KeyReference reference, QtlsSecret key)
                    throws KeySourceException {
                inner.replenish(reference, key);
            }

            @Override
            public Status status() throws KeySourceException {
                return inner.status();
            }
        };
    }

    private static Pump.Outcome handshake(
            Agents a,
            IntFunction<Optional<DecoyStatistics>> alice,
            IntFunction<Optional<DecoyStatistics>> bob,
            QtlsClientProtocol[] client)
            throws QtlsFatalAlert {
        a.server.keySource(withCounts(a.keys.alice(), alice)).siftedBitsPerHandshake(BITS);
        a.client.keySource(withCounts(a.keys.bob(), bob)).siftedBitsPerHandshake(BITS);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        client[0] = c;
        c.connect();
        return Pump.run(c, s);
    }

    @Test
    void decoyBoundKeyIsPositiveAt10KmAndBelowTheAsymptoticRate() throws Exception {
        Agents a =
                new Agents(
                        71,
                        meanQber(),
                        PostProcessingDiscussion.factory(SourceModel.WEAK_COHERENT));
        QtlsClientProtocol[] c = new QtlsClientProtocol[1];
        Pump.Outcome o =
                handshake(a, n -> Optional.of(counts(n, 0)), n -> Optional.of(counts(n, 0)), c);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(c[0].isHandshakeComplete()).isTrue();
        long finalBits = 8L * c[0].sessionInfo().finalKeyBytes();
        double pulses = BITS / siftedPerPulse();
        double asymptotic = pulses * DecoyBb84.rate(GYS, KM, MU[0]);
        assertThat(finalBits).isPositive();
        assertThat((double) finalBits).isLessThanOrEqualTo(asymptotic);
        // The single-photon bound on the same block ignores the multi-photon pulses: longer.
        Agents b = new Agents(71, meanQber(), PostProcessingDiscussion.factory());
        Pump.Outcome ob = handshake(b, n -> Optional.empty(), n -> Optional.empty(), c);
        assertThat(ob.clientFailure()).isNull();
        assertThat(8L * c[0].sessionInfo().finalKeyBytes()).isGreaterThan(finalBits);
    }

    @Test
    void weakCoherentBlockWithoutCountsIsRefused() throws Exception {
        Agents a =
                new Agents(72, 0.02, PostProcessingDiscussion.factory(SourceModel.WEAK_COHERENT));
        QtlsClientProtocol[] c = new QtlsClientProtocol[1];
        Pump.Outcome o = handshake(a, n -> Optional.empty(), n -> Optional.empty(), c);
        assertThat(c[0].isHandshakeComplete()).isFalse();
        assertThat(o.serverFailure()).isNotNull();
        assertThat(o.serverFailure().description())
                .isEqualTo(AlertDescription.KEY_DISTILLATION_FAILED);
        assertThat(o.serverFailure().getMessage()).contains("decoy");
    }

    @Test
    void countsThatDifferBetweenTheModemsAbort() throws Exception {
        Agents a =
                new Agents(
                        73,
                        meanQber(),
                        PostProcessingDiscussion.factory(SourceModel.WEAK_COHERENT));
        QtlsClientProtocol[] c = new QtlsClientProtocol[1];
        Pump.Outcome o =
                handshake(a, n -> Optional.of(counts(n, 0)), n -> Optional.of(counts(n, 1)), c);
        assertThat(c[0].isHandshakeComplete()).isFalse();
        assertThat(o.clientFailure()).isNotNull();
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void countsOnOnlyOneSideAbort() throws Exception {
        Agents a = new Agents(74, meanQber(), PostProcessingDiscussion.factory());
        QtlsClientProtocol[] c = new QtlsClientProtocol[1];
        Pump.Outcome o = handshake(a, n -> Optional.of(counts(n, 0)), n -> Optional.empty(), c);
        assertThat(c[0].isHandshakeComplete()).isFalse();
        assertThat(o.clientFailure()).isNotNull();
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void countsMustCountTheKeyBitsAsKeyBasisDetections() {
        byte[] b = new byte[BITS / 8];
        KeyReference ref = new KeyReference("r".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new SiftedKey(ref, BITS, b, Optional.of(counts(BITS - 8, 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SiftedKey(ref, BITS, b, Optional.of(counts(BITS, 0))).decoyStatistics())
                .contains(counts(BITS, 0));
    }
}
