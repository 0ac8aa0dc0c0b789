package io.qkdmodem.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpiFrontEndPinsTest {
    @Test
    void resetAndFrameReadyMustBeDistinctAndClearOfSpi0() {
        assertThatCode(() -> SpiFrontEndBackendProvider.checkPins(HalConfig.empty()))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () ->
                                SpiFrontEndBackendProvider.checkPins(
                                        HalConfig.of(Map.of("spi.pin.reset", "24"))))
                .isInstanceOf(HalConfigException.class)
                .hasMessageContaining("both use BCM 24");
        assertThatThrownBy(
                        () ->
                                SpiFrontEndBackendProvider.checkPins(
                                        HalConfig.of(Map.of("spi.pin.frame-ready", "10"))))
                .hasMessageContaining("SPI0");
    }
}
