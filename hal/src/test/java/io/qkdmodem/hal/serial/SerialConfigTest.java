package io.qkdmodem.hal.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SerialConfigTest {

    @Test
    void defaults() {
        SerialConfig c = SerialConfig.builder("/dev/ttyUSB0").build();
        assertThat(c.baud()).isEqualTo(115_200);
        assertThat(c.readTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.reconnectAttempts()).isEqualTo(10);
    }

    @Test
    void badValuesAreRejectedWithTheRule() {
        assertThatThrownBy(() -> SerialConfig.builder("/dev/x").baud(12).build())
                .hasMessageContaining("baud must be 300..4000000");
        assertThatThrownBy(() -> SerialConfig.builder("/dev/x").readTimeout(Duration.ZERO).build())
                .hasMessageContaining("readTimeout must be 1 ms..60 s");
        assertThatThrownBy(
                        () ->
                                SerialConfig.builder("/dev/x")
                                        .reconnect(-1, Duration.ofMillis(5))
                                        .build())
                .hasMessageContaining("reconnect attempts");
        assertThatThrownBy(() -> SerialConfig.builder(" ").build()).hasMessageContaining("path");
    }

    @Test
    void openingAnAbsentDeviceFailsTyped() {
        SerialConfig c = SerialConfig.builder("/dev/qkd-modem-no-such-port").build();
        assertThatThrownBy(() -> JSerialCommLink.open(c))
                .isInstanceOfSatisfying(
                        SerialLinkException.class,
                        e -> assertThat(e.kind()).isEqualTo(SerialLinkException.Kind.OPEN_FAILED));
    }
}
