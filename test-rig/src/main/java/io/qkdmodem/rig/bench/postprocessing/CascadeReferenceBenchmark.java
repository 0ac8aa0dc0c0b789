package io.qkdmodem.rig.bench.postprocessing;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.cascade.CascadeProtocolException;
import io.qkdmodem.rig.bench.postprocessing.reference.ReferenceCascadeAlice;
import io.qkdmodem.rig.bench.postprocessing.reference.ReferenceCascadeBob;
import io.qkdmodem.rig.bench.postprocessing.reference.ReferenceCascadeLayout;
import io.qkdmodem.rig.bench.postprocessing.reference.ReferenceCascadeSchedule;
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
 * The in-run anchor of {@link CascadeBenchmark}: the Cascade implementation before the throughput
 * work of issue 7 (package {@code reference}: per-pass Fisher-Yates permutations and per-bit
 * reordering), on the same frames, with the same JMH settings. The trial setup runs {@code
 * -Dpp.refRuns} (default 1000) frames and logs the same figures.
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
public class CascadeReferenceBenchmark {
    @Param({"0.01", "0.02", "0.05", "0.08"})
    public double qber;

    @Param({"16384"})
    public int n;

    private BitVector[] alice;
    private BitVector[] bob;
    private long[] permSeeds;
    private int next;

    static CascadeBenchmark.Frame frame(BitVector a, BitVector b, long permSeed, double qber)
            throws CascadeProtocolException {
        int n = a.length();
        ReferenceCascadeLayout layout =
                new ReferenceCascadeLayout(
                        n, ReferenceCascadeSchedule.forQber(n, qber, 16), permSeed);
        ReferenceCascadeAlice al = new ReferenceCascadeAlice(layout, a, n);
        ReferenceCascadeBob bo =
                new ReferenceCascadeBob(
                        layout, b, ReferenceCascadeBob.Scheduling.LOWEST_PASS_FIRST);
        int[][] req = bo.start(al.topParities());
        while (req != null) {
            req = bo.onReply(al.answer(req[0], req[1]));
        }
        return new CascadeBenchmark.Frame(
                bo.leakedBits(), bo.requests(), bo.correctedKey().sameBits(a));
    }

    @Setup
    public void setup() throws CascadeProtocolException {
        int runs = Integer.getInteger("pp.refRuns", 1000);
        CascadeBenchmark.trial(
                "cascade-reference", n, qber, runs, CascadeReferenceBenchmark::frame);
        // the pool does not depend on the trial length: both benchmarks measure the same frames
        Random r = new Random(0xB001L ^ Double.doubleToLongBits(qber));
        alice = new BitVector[CascadeBenchmark.POOL];
        bob = new BitVector[CascadeBenchmark.POOL];
        permSeeds = new long[CascadeBenchmark.POOL];
        for (int i = 0; i < CascadeBenchmark.POOL; i++) {
            BitVector[] p = CascadeBenchmark.pair(n, qber, r);
            alice[i] = p[0];
            bob[i] = p[1];
            permSeeds[i] = r.nextLong();
        }
    }

    /** One full Cascade frame of the reference implementation. */
    @Benchmark
    public long cascadeFrame() throws CascadeProtocolException {
        int i = next++ & (CascadeBenchmark.POOL - 1);
        return frame(alice[i], bob[i], permSeeds[i] + next, qber).leak();
    }
}
