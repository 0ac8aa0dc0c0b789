package io.qkdmodem.rig.bench.hal;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.sim.InMemoryFiber;
import io.qkdmodem.hal.sim.SimParameters;
import io.qkdmodem.hal.sim.SimReceiver;
import io.qkdmodem.hal.sim.SimTransmitter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the {@code sim} optics backend, one thread: one operation is one simulated pulse slot
 * (so the primary score is effective pulses per second), through the whole path the firmware uses:
 * Alice's AES-CTR slot states, {@code SimTransmitter.emit} (source, fiber, Eve none), the in-memory
 * fiber, {@code SimReceiver.receive} (Bob's AES-CTR bases, detectors, dark counts). The auxiliary
 * counter {@code clicks} is Bob's clicks per second. Standard parameters: alpha 0.21 dB/km, eta_Bob
 * 0.045, Y0 1.7e-6, e_d 3.3 %, mu 0.5 (signal only). Goal: 10^9 pulses/s at 50 km.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SimulatorBenchmark {
    /** Slots per simulated frame (2^26). */
    public static final int SLOTS = 1 << 26;

    @Param({"0", "50"})
    public double lengthKm;

    private SimTransmitter alice;
    private SimReceiver bob;
    private SeededDrbg aliceEntropy;
    private SimParameters params;
    private long frameId;

    /** Bob's clicks, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Clicks {
        public long clicks;

        @Setup(Level.Iteration)
        public void reset() {
            clicks = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        params =
                SimParameters.builder()
                        .lengthKm(lengthKm)
                        .profile(io.qkdmodem.hal.optics.IntensityProfile.signalOnly(0.5))
                        .seed(1)
                        .build();
        InMemoryFiber fiber = new InMemoryFiber(4);
        alice = new SimTransmitter(params, fiber, true);
        bob = new SimReceiver(params, fiber, false, new SeededDrbg(2, "bob"));
        aliceEntropy = new SeededDrbg(1, "alice");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        alice.close();
        bob.close();
    }

    /**
     * Anchor: the cheapest per-slot simulation (one uniform draw and compare per slot, no state
     * lookup, no detector model), i.e. what any simulator that visits every slot costs at least.
     */
    @Benchmark
    @OperationsPerInvocation(SLOTS)
    public int perSlotLoopAnchor() {
        double p = -Math.expm1(-params.eta() * params.profile().muSignal()) + params.y0();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(frameId++);
        int events = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (rng.nextDouble() < p) {
                events++;
            }
        }
        return events;
    }

    @Benchmark
    @OperationsPerInvocation(SLOTS)
    public int frame(Clicks counter) throws HalException {
        byte[] key = new byte[16];
        aliceEntropy.nextBytes(key);
        long id = frameId++;
        CtrSlotStateSource states = new CtrSlotStateSource(key, id, SLOTS, params.profile());
        alice.emit(new Frame(id, SLOTS, states));
        ClickReport r = bob.receive(id, SLOTS, Duration.ofSeconds(10));
        states.destroy();
        counter.clicks += r.size();
        return r.size();
    }
}
