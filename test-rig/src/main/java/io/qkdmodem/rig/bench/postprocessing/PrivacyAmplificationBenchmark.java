package io.qkdmodem.rig.bench.postprocessing;

import io.qkdmodem.agent.postprocessing.amplification.FftToeplitzHash;
import io.qkdmodem.agent.postprocessing.amplification.ToeplitzHash;
import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Toeplitz privacy amplification of {@code n} input bits to {@code n * outFraction} output bits
 * (seeded random input and seed), one thread. {@code toeplitz} is the production method ({@link
 * ToeplitzHash}: GF(2)[x] product by Schönhage's ternary FFT); {@code toeplitzFftAnchor} is the
 * earlier double-precision FFT ({@link FftToeplitzHash}), measured in the same run as the anchor.
 * Mbit/s of input = n / (ms/op * 1000).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx3g"})
@Threads(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class PrivacyAmplificationBenchmark {
    @Param({"1000000", "10000000"})
    public int n;

    @Param({"0.5"})
    public double outFraction;

    private BitVector x;
    private BitVector seed;
    private int m;

    @Setup
    public void setup() {
        Random r = new Random(0x70E911L + n);
        m = (int) (n * outFraction);
        x = BitVector.random(n, r);
        seed = BitVector.random(ToeplitzHash.seedLength(n, m), r);
        if (!ToeplitzHash.hash(x, seed, m).sameBits(FftToeplitzHash.hash(x, seed, m))) {
            throw new IllegalStateException("GF(2) and FFT Toeplitz hashes differ");
        }
    }

    @Benchmark
    public BitVector toeplitz() {
        return ToeplitzHash.hash(x, seed, m);
    }

    @Benchmark
    public BitVector toeplitzFftAnchor() {
        return FftToeplitzHash.hash(x, seed, m);
    }
}
