package io.qkdmodem.rig.bench.postprocessing;

import io.qkdmodem.agent.postprocessing.PostProcessingConfig;
import io.qkdmodem.agent.postprocessing.PostProcessingException;
import io.qkdmodem.agent.postprocessing.PostProcessor;
import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.message.PostProcessingMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
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
 * A whole post-processing session, both parties in one thread, every message encoded and decoded:
 * estimation, Cascade (2^14-bit frames), verification and Toeplitz privacy amplification. Mbit/s of
 * sifted key in = n / (ms/op * 1000).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
@Threads(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SessionBenchmark {
    @Param({"1000000"})
    public int n;

    @Param({"0.02"})
    public double qber;

    private BitVector alice;
    private BitVector bob;
    private long round;

    @Setup
    public void setup() {
        BitVector[] p = CascadeBenchmark.pair(n, qber, new Random(0x5E55L));
        alice = p[0];
        bob = p[1];
    }

    @Benchmark
    public int session() throws PostProcessingException {
        round++;
        PostProcessingConfig cfg = PostProcessingConfig.defaults();
        PostProcessor a = PostProcessor.alice(cfg, alice, Optional.empty(), new Random(round));
        PostProcessor b = PostProcessor.bob(cfg, bob, Optional.empty(), new Random(~round));
        Deque<byte[]> toB = new ArrayDeque<>();
        Deque<byte[]> toA = new ArrayDeque<>();
        add(a.start(), toB);
        add(b.start(), toA);
        while (!toB.isEmpty() || !toA.isEmpty()) {
            if (!toB.isEmpty()) {
                add(b.handle(toB.poll()), toA);
            }
            if (!toA.isEmpty()) {
                add(a.handle(toA.poll()), toB);
            }
        }
        if (a.state() != PostProcessor.State.DONE || b.state() != PostProcessor.State.DONE) {
            throw new IllegalStateException("session failed: " + a.failure() + " " + b.failure());
        }
        int bits = a.finalKey().orElseThrow().bitLength();
        a.destroy();
        b.destroy();
        return bits;
    }

    private static void add(List<PostProcessingMessage> out, Deque<byte[]> q) {
        for (PostProcessingMessage m : out) {
            q.add(m.encode());
        }
    }
}
