package io.qkdmodem.protocol.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.hal.serial.InMemorySerialPair;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.EventKind;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.session.ProtocolException;
import io.qkdmodem.protocol.testing.InMemoryModemBackend;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard, not a performance bound
class InMemoryDriverTest {

    @Test
    void clientAndServerOverTheInMemoryPair() throws Exception {
        InMemorySerialPair pair = new InMemorySerialPair(64 * 1024, Duration.ofMillis(20));
        InMemoryModemBackend backend = new InMemoryModemBackend(5, 1 << 20);
        try (ModemServer server = DriverTestSupport.server(pair.b(), backend);
                ModemClient client =
                        ModemClient.connect(pair.a(), DriverTestSupport.hostConfig().build())) {
            assertThat(new String(client.modemHello().deviceId())).isEqualTo("modem-1");
            assertThat(client.status().authenticated()).isTrue();
            KeyRef ref = client.reserve(1, 10_000 * 8);
            KeyMaterial k = client.fetch(ref);
            assertThat(k.copy()).isEqualTo(InMemoryModemBackend.expectedKey(5, ref, 80_000));
            k.destroy();
            assertThat(k.toString()).doesNotContain("[");
            byte[] all = InMemoryModemBackend.expectedKey(5, ref, 80_000);
            assertThat(client.fetchRange(ref, 5000, 6000))
                    .isEqualTo(java.util.Arrays.copyOfRange(all, 5000, 10_000));
            assertThat(client.fetchRange(ref, 100, 4096))
                    .isEqualTo(java.util.Arrays.copyOfRange(all, 100, 4196));
            io.qkdmodem.protocol.message.CountsResponse counts = client.counts(ref);
            assertThat(counts.blockBits()).isEqualTo(80_000);
            assertThat(counts.coversBlock()).isTrue();
            assertThat(counts.errorsRecorded()).isFalse();
            assertThat(client.consume(ref)).isTrue();
            assertThat(client.consume(ref)).isFalse();
            // A whole block: the response gives its size; the same request id gets the same one.
            io.qkdmodem.protocol.message.ReserveResponse block = client.reserveBlock(2, 4096);
            assertThat(block.bits()).isEqualTo(4096);
            assertThat(client.reserveBlock(2, 4096)).isEqualTo(block);
            assertThat(backend.reservations()).isEqualTo(2);
            assertThat(client.counts(block.ref()).coversBlock()).isTrue();
            assertThatThrownBy(() -> client.fetch(ref))
                    .isInstanceOfSatisfying(
                            ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_CONSUMED));
            client.configure(QkdConfigProfile.PAPER_BB84.message());
            assertThat(backend.lastConfig()).isEqualTo(QkdConfigProfile.PAPER_BB84.message());
            assertThat(client.replenish(KeyRef.of(3, 0, 1024), new byte[64]).poolBits())
                    .isEqualTo(512);

            LinkedBlockingQueue<EventMessage> events = new LinkedBlockingQueue<>();
            assertThat(client.subscribe(EventKind.allMask(), events::add))
                    .isEqualTo(EventKind.allMask());
            backend.addBits(4096);
            EventMessage e = events.poll(5, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(EventKind.BLOCK_READY);
        }
    }

    @Test
    void wrongPairingSecretFailsTheConnection() {
        InMemorySerialPair pair = new InMemorySerialPair(64 * 1024, Duration.ofMillis(20));
        InMemoryModemBackend backend = new InMemoryModemBackend(5, 1 << 20);
        try (ModemServer server = DriverTestSupport.server(pair.b(), backend)) {
            HostConfig bad =
                    HostConfig.builder(
                                    "host-1".getBytes(),
                                    PairingSecret.of("not the secret the modem holds!!".getBytes()))
                            .responseTimeout(Duration.ofMillis(200))
                            .build();
            assertThatThrownBy(() -> ModemClient.connect(pair.a(), bad))
                    .isInstanceOfSatisfying(
                            ProtocolException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
        }
    }

    @RepeatedTest(5) // the reader may notice the unplug before or after the next request
    void unpluggedCableFailsRequestsWithATypedError() throws Exception {
        InMemorySerialPair pair = new InMemorySerialPair(64 * 1024, Duration.ofMillis(20));
        InMemoryModemBackend backend = new InMemoryModemBackend(5, 1 << 20);
        try (ModemServer server = DriverTestSupport.server(pair.b(), backend);
                ModemClient client =
                        ModemClient.connect(
                                pair.a(),
                                DriverTestSupport.hostConfig()
                                        .responseTimeout(Duration.ofMillis(50))
                                        .maxRetransmits(1)
                                        .build())) {
            client.status();
            pair.unplug();
            assertThatThrownBy(client::status)
                    .isInstanceOfSatisfying(
                            ProtocolException.class,
                            e -> assertThat(e.code()).isIn(ErrorCode.CLOSED, ErrorCode.TIMEOUT));
            server.close();
            assertThat(server.isRunning()).isFalse();
        }
    }
}
