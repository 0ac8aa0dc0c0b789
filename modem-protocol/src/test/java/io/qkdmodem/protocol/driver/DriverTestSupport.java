package io.qkdmodem.protocol.driver;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.ModemIdentity;
import io.qkdmodem.protocol.session.ModemSession;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.testing.InMemoryModemBackend;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

final class DriverTestSupport {

    static final byte[] SECRET =
            "driver test pairing secret 32 by".getBytes(StandardCharsets.US_ASCII);

    private DriverTestSupport() {}

    static ModemServer server(SerialLink link, InMemoryModemBackend backend) {
        ModemSession s =
                new ModemSession(
                        new ModemIdentity(
                                "modem-1".getBytes(StandardCharsets.US_ASCII),
                                "fw-1.0",
                                ModemIdentity.CAP_CHUNKED_FETCH | ModemIdentity.CAP_EVENTS),
                        PairingSecret.of(SECRET),
                        backend,
                        new SecureRandom());
        return ModemServer.start(link, s, backend);
    }

    static HostConfig.Builder hostConfig() {
        return HostConfig.builder(
                        "host-1".getBytes(StandardCharsets.US_ASCII), PairingSecret.of(SECRET))
                .responseTimeout(Duration.ofMillis(300))
                .maxRetransmits(10);
    }
}
