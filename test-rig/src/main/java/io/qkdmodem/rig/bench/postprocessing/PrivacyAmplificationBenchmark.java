package io.qkdmodem.rig.bench.postprocessing;

import io.qkdmodem.agent.postprocessing.amplification.FftToeplitzHash;
import io.qkdmodem.agent.postprocessing.amplification.ToeplitzHash;
import io.qkdmodem.agent.postprocessing.bits.BitVector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Toeplitz privacy amplification of {@code n} input bits to {@code n * outFraction} output bits
 * (seeded random input and seed), one thread. {@code toeplitz} is the production method ({@link
 * ToeplitzHash}: GF(2)[x] product by Schönhage's ternary FFT); {@code toeplitzFftAnchor} is the
 * earlier double-precision FFT ({@link FftToeplitzHash}), measured in the same run as the anchor.
 * Mbit/s of input = n / (ms/op * 1000).
 *
 * <p>On a shared, loaded machine wall-clock times mostly measure the load; so at the end of each
 * trial the benchmark thread also logs the thread CPU time per operation of both methods (the best
 * of a few runs, after JMH's warm-up), which depends much less on the other processes.
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
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyAmplificationBenchmark.class);

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

    @TearDown
    public void cpuTime() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) {
            return;
        }
        double gf2 = bestCpuMillis(bean, 8, () -> ToeplitzHash.hash(x, seed, m));
        double fft = bestCpuMillis(bean, 4, () -> FftToeplitzHash.hash(x, seed, m));
        LOG.info(
                String.format(
                        "pa n=%d m=%d thread-cpu ms/op: gf2 %.2f (%.1f Mbit/s), fft %.2f (%.1f"
                                + " Mbit/s), ratio %.2f",
                        n, m, gf2, n / gf2 / 1000, fft, n / fft / 1000, fft / gf2));
    }

    private static double bestCpuMillis(ThreadMXBean bean, int runs, Runnable op) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = bean.getCurrentThreadCpuTime();
            op.run();
            best = Math.min(best, bean.getCurrentThreadCpuTime() - t0);
        }
        return best / 1e6;
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
