package io.qkdmodem.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.IntensityProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wired mock bench: Alice's Pi4J mock outputs drive, through a small optics model, Bob's Pi4J
 * mock inputs, so the whole GPIO path (pin map, line timing, Bob's listeners, gate, report) runs
 * without hardware. Wiring (BCM): Alice trigger 17 -> Bob sync-in 5, frame 27 -> frame-in 6;
 * modulator 22/23, intensity 24/25, Bob's basis-out 13 are read by the optics; the optics drive
 * detector0..3 on 19, 26, 20, 21. Time is a fake clock that the lines' waits advance.
 *
 * <p>Optics, per trigger: the class from the intensity lines (vacuum fires nothing), detected
 * photons Poisson(eta mu), each measured in Bob's basis (the basis-out line, or a fair coin per
 * photon when passive): same basis as Alice's modulator gives her bit, flipped with probability
 * e_d; other basis a coin. Dark counts per detector with probability {@code dark}.
 */
public final class GpioMockBench implements AutoCloseable {
    public static final IntensityProfile PROFILE = new IntensityProfile(0.5, 0.1, 0.8, 0.1);

    public final Context context;
    final AtomicLong now = new AtomicLong();
    final SlotClock clock;
    public final GpioTransmitter alice;
    public final GpioReceiver bob;
    final HalConfig config;
    double eta = 0.3;
    double misalignment = 0.02;
    double dark = 1e-3;

    /** When set, detector edges come this long after the sync edge. */
    long detectorDelayNanos;

    private final SplittableRandom rng = new SplittableRandom(99);
    private final boolean passive;

    static Map<String, String> pinConfig(boolean passive) {
        Map<String, String> m = new HashMap<>();
        m.put("gpio.pin.trigger", "17");
        m.put("gpio.pin.frame", "27");
        m.put("gpio.pin.mod-basis", "22");
        m.put("gpio.pin.mod-bit", "23");
        m.put("gpio.pin.intensity0", "24");
        m.put("gpio.pin.intensity1", "25");
        m.put("gpio.pin.sync-in", "5");
        m.put("gpio.pin.frame-in", "6");
        m.put("gpio.pin.detector0", "19");
        m.put("gpio.pin.detector1", "26");
        if (passive) {
            m.put("gpio.pin.detector2", "20");
            m.put("gpio.pin.detector3", "21");
            m.put("gpio.basis-choice", "passive");
            m.put("gpio.detectors", "4");
        } else {
            m.put("gpio.pin.basis-out", "13");
        }
        m.put("gpio.slot-period-us", "500");
        m.put("gpio.gate-us", "100");
        return m;
    }

    static Context mockContext() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(
                        MockDigitalInputProvider.newInstance(),
                        MockDigitalOutputProvider.newInstance())
                .build();
    }

    /** A bench with an active (2 detectors) or passive (4 detectors) receiver. */
    public GpioMockBench(boolean passive) throws Exception {
        this.passive = passive;
        this.context = mockContext();
        this.clock =
                new SlotClock() {
                    @Override
                    public long nanos() {
                        return now.get();
                    }

                    @Override
                    public void waitUntil(long deadline) {
                        now.accumulateAndGet(deadline, Math::max);
                    }
                };
        this.config = HalConfig.of(pinConfig(passive));
        GpioPinMap pins = GpioPinMap.fromConfig(config);
        alice =
                GpioBackendProvider.openTransmitter(
                        context, pins, GpioTiming.fromConfig(config), clock);
        bob =
                GpioBackendProvider.openReceiver(
                        context, config, clock, new SeededDrbg(5, "gpio-bob"));
        wire();
    }

    private DigitalOutput out(String role) {
        return context.registry().get(GpioPinMap.ioId(role), DigitalOutput.class);
    }

    private MockDigitalInput in(String role) {
        return context.registry().get(GpioPinMap.ioId(role), MockDigitalInput.class);
    }

    private void wire() {
        MockDigitalInput frameIn = in("frame-in");
        MockDigitalInput syncIn = in("sync-in");
        int detectors = passive ? 4 : 2;
        MockDigitalInput[] det = new MockDigitalInput[detectors];
        for (int d = 0; d < detectors; d++) {
            det[d] = in("detector" + d);
        }
        out("frame").addListener(e -> frameIn.mockState(e.state()));
        out("trigger")
                .addListener(
                        e -> {
                            if (e.state() == DigitalState.HIGH) {
                                int fired = optics();
                                syncIn.mockState(DigitalState.HIGH);
                                now.addAndGet(detectorDelayNanos);
                                for (int d = 0; d < detectors; d++) {
                                    if ((fired >>> d & 1) != 0) {
                                        det[d].mockState(DigitalState.HIGH);
                                    }
                                }
                            } else {
                                syncIn.mockState(DigitalState.LOW);
                                for (MockDigitalInput d : det) {
                                    d.mockState(DigitalState.LOW);
                                }
                            }
                        });
    }

    /** Which detectors fire for the current line states (bit d = detector d). */
    private int optics() {
        int cls = (out("intensity0").isHigh() ? 1 : 0) | (out("intensity1").isHigh() ? 2 : 0);
        int aliceBasis = out("mod-basis").isHigh() ? 1 : 0;
        int aliceBit = out("mod-bit").isHigh() ? 1 : 0;
        int bobBasis = passive ? -1 : out("basis-out").isHigh() ? 1 : 0;
        double mu = cls == 0 ? PROFILE.muSignal() : cls == 1 ? PROFILE.muDecoy() : 0;
        int photons = poisson(eta * mu);
        int fired = 0;
        for (int j = 0; j < photons; j++) {
            int b = passive ? rng.nextInt(2) : bobBasis;
            int outcome =
                    b == aliceBasis
                            ? aliceBit ^ (rng.nextDouble() < misalignment ? 1 : 0)
                            : rng.nextInt(2);
            fired |= 1 << (passive ? b << 1 | outcome : outcome);
        }
        for (int d = 0; d < (passive ? 4 : 2); d++) {
            if (rng.nextDouble() < dark) {
                fired |= 1 << d;
            }
        }
        return fired;
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = rng.nextDouble();
        while (p > l) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
        context.shutdown();
    }
}
