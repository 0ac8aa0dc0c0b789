package io.qkdmodem.hal.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.Setting;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.status.StatusIndicator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
    private static final HalBackendProvider SIM = fake("sim", true, true);
    private static final HalBackendProvider GPIO_ABSENT = fake("pi4j-gpio", false, false);
    private static final HalBackendProvider GPIO_PRESENT = fake("pi4j-gpio", false, true);
    private static final HalBackendProvider SPI_PRESENT = fake("pi4j-spi-frontend", false, true);

    @Test
    void explicitArgumentBeatsConfiguration() throws HalException {
        BackendSelector s =
                new BackendSelector(List.of(SIM, GPIO_PRESENT), BoardDetector.fixed(null));
        HalConfig cfg = HalConfig.of(Map.of("hal.backend", "pi4j-gpio"));
        assertThat(s.select("sim", cfg).provider()).isSameAs(SIM);
        assertThat(s.select(null, cfg).provider()).isSameAs(GPIO_PRESENT);
        assertThat(s.select(null, cfg).reason()).contains("configuration");
    }

    @Test
    void discoveryPicksPresentHardware() throws HalException {
        BackendSelector s =
                new BackendSelector(
                        List.of(SIM, GPIO_PRESENT), BoardDetector.fixed("Raspberry Pi 4"));
        assertThat(s.select(null, HalConfig.empty()).provider()).isSameAs(GPIO_PRESENT);
    }

    @Test
    void neverSilentlyTheSimulatorOnARealBoard() {
        BackendSelector s =
                new BackendSelector(
                        List.of(SIM, GPIO_ABSENT), BoardDetector.fixed("Raspberry Pi 4 Model B"));
        assertThatThrownBy(() -> s.select(null, HalConfig.empty()))
                .isInstanceOf(HalException.class)
                .hasMessageContaining("refusing to fall back to the simulator");
    }

    @Test
    void simulatorByDiscoveryOnlyOffBoardAndSaysSo() throws HalException {
        BackendSelector s =
                new BackendSelector(List.of(SIM, GPIO_ABSENT), BoardDetector.fixed(null));
        Selection sel = s.select(null, HalConfig.empty());
        assertThat(sel.provider()).isSameAs(SIM);
        assertThat(sel.reason()).contains("no board");
    }

    @Test
    void ambiguousOrUnknownIsAnError() {
        BackendSelector s =
                new BackendSelector(
                        List.of(SIM, GPIO_PRESENT, SPI_PRESENT), BoardDetector.fixed(null));
        assertThatThrownBy(() -> s.select(null, HalConfig.empty()))
                .hasMessageContaining("several hardware backends");
        assertThatThrownBy(() -> s.select("laser9000", HalConfig.empty()))
                .hasMessageContaining("unknown backend 'laser9000'")
                .hasMessageContaining("pi4j-gpio");
    }

    @Test
    void serviceLoaderFindsTheBuiltInBackends() {
        assertThat(BackendSelector.discover().providers())
                .extracting(HalBackendProvider::name)
                .contains("sim");
    }

    private static HalBackendProvider fake(String name, boolean simulated, boolean present) {
        return new HalBackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean simulated() {
                return simulated;
            }

            @Override
            public boolean hardwarePresent() {
                return present;
            }

            @Override
            public List<Setting<?>> settings() {
                return List.of();
            }

            @Override
            public Transmitter openTransmitter(HalConfig config, EntropySource entropy) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Receiver openReceiver(HalConfig config, EntropySource entropy) {
                throw new UnsupportedOperationException();
            }

            @Override
            public StatusIndicator openStatusIndicator(HalConfig config) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
