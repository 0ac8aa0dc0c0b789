package io.qkdmodem.rig.bench.postprocessing;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.cascade.CascadeAlice;
import io.qkdmodem.agent.postprocessing.cascade.CascadeBob;
import io.qkdmodem.agent.postprocessing.cascade.CascadeLayout;
import io.qkdmodem.agent.postprocessing.cascade.CascadeProtocolException;
import io.qkdmodem.agent.postprocessing.cascade.CascadeSchedule;
import io.qkdmodem.agent.postprocessing.keyrate.Entropy;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cascade at n = 2^14 (both parties in one thread, messages as in-memory arrays). The trial setup
 * first runs {@code -Dpp.runs} (default 10^4) seeded frames and logs efficiency {@code f = leak /
 * (n h(QBER))} with the realised QBER of each frame, the frame error rate, the mean number of round
 * trips, and the thread CPU time of those frames as Mbit/s of sifted key; the benchmark then
 * measures frames per second (Mbit/s = ops/s * n / 10^6). Errors are i.i.d. with probability QBER
 * (binary symmetric channel), as in the published anchors. {@link CascadeReferenceBenchmark}
 * measures the implementation before the throughput work the same way, as the in-run anchor.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Threads(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CascadeBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeBenchmark.class);
    static final int POOL = 32;

    @Param({"0.01", "0.02", "0.05", "0.08"})
    public double qber;

    @Param({"16384"})
    public int n;

    @Param({"LOWEST_PASS_FIRST"})
    public String scheduling;

    private BitVector[] alice;
    private BitVector[] bob;
    private long[] permSeeds;
    private int next;

    /** One frame's figures. */
    record Frame(long leak, int requests, boolean ok) {}

    /** Runs one frame of some Cascade implementation. */
    interface FrameRunner {
        Frame run(BitVector alice, BitVector bob, long permSeed, double qber)
                throws CascadeProtocolException;
    }

    static Frame frame(
            BitVector a, BitVector b, long permSeed, double qber, CascadeBob.Scheduling s)
            throws CascadeProtocolException {
        int n = a.length();
        CascadeLayout layout = new CascadeLayout(n, CascadeSchedule.forQber(n, qber, 16), permSeed);
        CascadeAlice al = new CascadeAlice(layout, a, n);
        CascadeBob bo = new CascadeBob(layout, b, s);
        int[][] req = bo.start(al.topParities());
        while (req != null) {
            req = bo.onReply(al.answer(req[0], req[1]));
        }
        return new Frame(bo.leakedBits(), bo.requests(), bo.correctedKey().sameBits(a));
    }

    static BitVector[] pair(int n, double qber, Random r) {
        BitVector a = BitVector.random(n, r);
        BitVector b = a.copy();
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < qber) {
                b.flip(i);
            }
        }
        return new BitVector[] {a, b};
    }

    /**
     * Runs {@code runs} seeded frames and logs f, FER, round trips and Mbit/s by thread CPU time
     * (key generation excluded).
     */
    static void trial(String label, int n, double qber, int runs, FrameRunner runner)
            throws CascadeProtocolException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Random r = new Random(0xCA5CADEL ^ Double.doubleToLongBits(qber));
        double sumF = 0;
        double sumLeak = 0;
        long requests = 0;
        long cpu = 0;
        int failures = 0;
        for (int i = 0; i < runs; i++) {
            BitVector[] p = pair(n, qber, r);
            int errors = p[0].hammingDistance(p[1]);
            long seed = r.nextLong();
            long t0 = mx.getCurrentThreadCpuTime();
            Frame f = runner.run(p[0], p[1], seed, qber);
            cpu += mx.getCurrentThreadCpuTime() - t0;
            double realised = (double) errors / n;
            sumF += f.leak() / (n * Entropy.h(realised));
            sumLeak += f.leak();
            requests += f.requests();
            if (!f.ok()) {
                failures++;
            }
        }
        if (runs > 0) {
            LOG.info(
                    String.format(
                            "%s qber=%.2f n=%d runs=%d f(mean per frame)=%.4f"
                                    + " f(total leak / n h(QBER))=%.4f FER=%d/%d round-trips=%.1f"
                                    + " cpu-Mbit/s=%.1f",
                            label,
                            qber,
                            n,
                            runs,
                            sumF / runs,
                            sumLeak / (runs * n * Entropy.h(qber)),
                            failures,
                            runs,
                            (double) requests / runs,
                            (double) n * runs / (cpu / 1e3)));
        }
    }

    @Setup
    public void setup() throws CascadeProtocolException {
        CascadeBob.Scheduling s = CascadeBob.Scheduling.valueOf(scheduling);
        int runs = Integer.getInteger("pp.runs", 10_000);
        trial(
                "cascade sched=" + scheduling,
                n,
                qber,
                runs,
                (a, b, seed, q) -> frame(a, b, seed, q, s));
        // the pool does not depend on the trial length: both benchmarks measure the same frames
        Random r = new Random(0xB001L ^ Double.doubleToLongBits(qber));
        alice = new BitVector[POOL];
        bob = new BitVector[POOL];
        permSeeds = new long[POOL];
        for (int i = 0; i < POOL; i++) {
            BitVector[] p = pair(n, qber, r);
            alice[i] = p[0];
            bob[i] = p[1];
            permSeeds[i] = r.nextLong();
        }
    }

    /** One full Cascade frame (permutations derived from a fresh seed each frame). */
    @Benchmark
    public long cascadeFrame() throws CascadeProtocolException {
        int i = next++ & (POOL - 1);
        return frame(
                        alice[i],
                        bob[i],
                        permSeeds[i] + next,
                        qber,
                        CascadeBob.Scheduling.valueOf(scheduling))
                .leak();
    }
}
