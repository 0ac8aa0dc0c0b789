package io.qkdmodem.agent.postprocessing.message;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import java.util.Optional;

/**
 * Alice opens the discussion: the sifted-block length she holds, the seed that picks the random
 * sample of positions to disclose, Alice's bits at those positions, and (optionally) the decoy
 * counts of the block so both sides verify they hold the same statistics.
 *
 * <p>Body: keyLength u32, sampleSeed i64, sample bits (u32 count + bytes), hasDecoy u8, then if
 * hasDecoy = 1: 3 x f64 intensities, 3 x f64 probabilities, 3 x i64 n_X, 3 x i64 n_Z, 3 x i64 m_Z.
 */
public record SampleDisclosure(
        int keyLength, long sampleSeed, BitVector aliceSample, Optional<DecoyStatistics> decoy)
        implements PostProcessingMessage {
    public static final int TYPE = 0x01;

    public SampleDisclosure {
        if (keyLength < 0 || aliceSample.length() > keyLength) {
            throw new IllegalArgumentException("sample longer than key");
        }
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        ByteWriter w = new ByteWriter(32 + aliceSample.length() / 8);
        w.u8(TYPE).u32(keyLength).i64(sampleSeed).bits(aliceSample);
        if (decoy.isPresent()) {
            DecoyStatistics d = decoy.get();
            w.u8(1);
            for (double v : d.intensities()) {
                w.f64(v);
            }
            for (double v : d.probabilities()) {
                w.f64(v);
            }
            for (long v : d.keyBasisDetections()) {
                w.i64(v);
            }
            for (long v : d.testBasisDetections()) {
                w.i64(v);
            }
            for (long v : d.testBasisErrors()) {
                w.i64(v);
            }
        } else {
            w.u8(0);
        }
        return w.toByteArray();
    }

    static SampleDisclosure decodeBody(ByteReader r) throws MalformedMessageException {
        int keyLength = r.u32Max("keyLength", MAX_BITS);
        long seed = r.i64("sampleSeed");
        BitVector sample = r.bits("aliceSample", keyLength);
        int has = r.u8("hasDecoy");
        Optional<DecoyStatistics> decoy;
        if (has == 0) {
            decoy = Optional.empty();
        } else if (has == 1) {
            double[] mu = new double[3];
            double[] p = new double[3];
            long[] nx = new long[3];
            long[] nz = new long[3];
            long[] mz = new long[3];
            for (int i = 0; i < 3; i++) {
                mu[i] = r.f64("intensity");
            }
            for (int i = 0; i < 3; i++) {
                p[i] = r.f64("probability");
            }
            for (int i = 0; i < 3; i++) {
                nx[i] = r.i64("nX");
            }
            for (int i = 0; i < 3; i++) {
                nz[i] = r.i64("nZ");
            }
            for (int i = 0; i < 3; i++) {
                mz[i] = r.i64("mZ");
            }
            try {
                decoy = Optional.of(new DecoyStatistics(mu, p, nx, nz, mz));
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException("bad decoy statistics: " + e.getMessage());
            }
        } else {
            throw new MalformedMessageException("hasDecoy must be 0 or 1, was " + has);
        }
        return new SampleDisclosure(keyLength, seed, sample, decoy);
    }

    @Override
    public String toString() {
        return "SampleDisclosure[keyLength=" + keyLength + ", sample=" + aliceSample.length() + "]";
    }
}
