package io.qkdmodem.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.contract.SiftTally;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpioBackendTest {

    @Test
    void badPinsAreRejectedWithTheSettingNamed() {
        Map<String, String> m = GpioMockBench.pinConfig(false);
        m.put("gpio.pin.trigger", "30");
        assertThatThrownBy(() -> GpioPinMap.fromConfig(HalConfig.of(m)))
                .isInstanceOf(HalConfigException.class)
                .hasMessageContaining("gpio.pin.trigger = 30")
                .hasMessageContaining("BCM 2 to 27");
        m.put("gpio.pin.trigger", "19");
        assertThatThrownBy(() -> GpioPinMap.fromConfig(HalConfig.of(m)))
                .isInstanceOf(HalConfigException.class)
                .hasMessageContaining("gpio.pin.trigger and gpio.pin.detector0 both use BCM 19");
        m.put("gpio.pin.trigger", "seventeen");
        assertThatThrownBy(() -> GpioPinMap.fromConfig(HalConfig.of(m)))
                .hasMessageContaining("gpio.pin.trigger");
        Map<String, String> partial = GpioMockBench.pinConfig(false);
        partial.remove("gpio.pin.mod-bit");
        GpioPinMap pins = GpioPinMap.fromConfig(HalConfig.of(partial));
        assertThatThrownBy(pins::requireAlice).hasMessageContaining("gpio.pin.mod-bit is required");
    }

    @Test
    void timingRefusesRatesAPiCannotKeep() {
        Map<String, String> m = GpioMockBench.pinConfig(false);
        m.put("gpio.slot-period-us", "100");
        assertThatThrownBy(() -> GpioTiming.fromConfig(HalConfig.of(m)))
                .isInstanceOf(HalConfigException.class)
                .hasMessageContaining("at least 500");
        m.put("gpio.slot-period-us", "1000");
        m.put("gpio.gate-us", "1000");
        assertThatThrownBy(() -> GpioTiming.fromConfig(HalConfig.of(m)))
                .hasMessageContaining("gate");
    }

    @Test
    void linesOpenWithDebounceZeroAndLowShutdownStates() throws Exception {
        try (GpioMockBench bench = new GpioMockBench(false)) {
            DigitalInput sync =
                    bench.context.registry().get(GpioPinMap.ioId("sync-in"), DigitalInput.class);
            assertThat(sync.config().debounce()).isZero();
            DigitalOutput trigger =
                    bench.context.registry().get(GpioPinMap.ioId("trigger"), DigitalOutput.class);
            assertThat(trigger.config().shutdownState()).isEqualTo(DigitalState.LOW);
            assertThat(trigger.isLow()).isTrue();
        }
    }

    @Test
    void aFrameCrossesTheBenchWithPaperLikeErrorRateAndLaserOffAfterwards() throws Exception {
        for (boolean passive : new boolean[] {false, true}) {
            try (GpioMockBench bench = new GpioMockBench(passive)) {
                SiftTally tally = new SiftTally();
                byte[] key = new byte[16];
                new SeededDrbg(3, "gpio-alice").nextBytes(key);
                CtrSlotStateSource s = new CtrSlotStateSource(key, 1, 4000, GpioMockBench.PROFILE);
                long start = bench.now.get();
                bench.alice.emit(new Frame(1, 4000, s));
                // 4000 slots of 500 us on the fake clock
                assertThat(bench.now.get() - start).isEqualTo(4000L * 500_000);
                ClickReport r = bench.bob.receive(1, 4000, Duration.ofSeconds(1));
                tally.add(s, r);
                assertThat(r.size()).as("passive %s", passive).isBetween(250, 700);
                assertThat(tally.totalQber()).isLessThan(0.08);
                assertThat(bench.bob.info().detectors()).isEqualTo(passive ? 4 : 2);
                DigitalOutput trigger =
                        bench.context
                                .registry()
                                .get(GpioPinMap.ioId("trigger"), DigitalOutput.class);
                assertThat(trigger.isLow()).isTrue();
            }
        }
    }

    @Test
    void detectorEdgesOutsideTheGateAreNotCounted() throws Exception {
        try (GpioMockBench bench = new GpioMockBench(false)) {
            bench.detectorDelayNanos = 150_000; // gate is 100 us
            CtrSlotStateSource s =
                    new CtrSlotStateSource(new byte[16], 1, 1000, GpioMockBench.PROFILE);
            bench.alice.emit(new Frame(1, 1000, s));
            ClickReport r = bench.bob.receive(1, 1000, Duration.ofSeconds(1));
            assertThat(r.size()).isZero();
            assertThat(bench.bob.lateEdges()).isPositive();
        }
    }
}
