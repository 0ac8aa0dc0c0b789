package io.qkdmodem.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.backend.BackendSelector;
import io.qkdmodem.hal.backend.HalBackendProvider;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.Transmitter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimFiberTest {
    private static final SimParameters P = SimParameters.builder().lengthKm(5).seed(4).build();

    @Test
    void tcpFiberGivesTheSameClicksAsTheInMemoryFiber() throws Exception {
        ClickReport viaMemory;
        try (SimHarness h = new SimHarness(P)) {
            viaMemory = h.frame(500_000);
        }
        try (TcpFiberEndpoint bobEnd = TcpFiberEndpoint.listen(0);
                TcpFiberEndpoint aliceEnd =
                        TcpFiberEndpoint.connect("127.0.0.1", bobEnd.localPort());
                SimTransmitter alice = new SimTransmitter(P, aliceEnd, false);
                SimReceiver bob = new SimReceiver(P, bobEnd, false, new SeededDrbg(4, "bob"))) {
            SeededDrbg aliceEntropy = new SeededDrbg(4, "alice");
            byte[] key = new byte[16];
            aliceEntropy.nextBytes(key);
            alice.emit(new Frame(0, 500_000, new CtrSlotStateSource(key, 0, 500_000, P.profile())));
            ClickReport viaTcp = bob.receive(0, 500_000, Duration.ofSeconds(10));
            assertThat(viaTcp).isEqualTo(viaMemory);
            assertThat(alice.laserOn()).isFalse();
        }
    }

    @Test
    void receiverSkipsUnaskedFramesAndReportsMissingOnes() throws Exception {
        InMemoryFiber fiber = new InMemoryFiber(8);
        SimTransmitter alice = new SimTransmitter(P, fiber, true);
        SimReceiver bob = new SimReceiver(P, fiber, false, new SeededDrbg(1, "bob"));
        byte[] key = new byte[16];
        for (long id : new long[] {1, 2, 4}) {
            alice.emit(new Frame(id, 1000, new CtrSlotStateSource(key, id, 1000, P.profile())));
        }
        assertThat(bob.receive(2, 1000, Duration.ofSeconds(1)).frameId()).isEqualTo(2);
        assertThatThrownBy(() -> bob.receive(3, 1000, Duration.ofSeconds(1)))
                .isInstanceOf(HalException.class)
                .hasMessageContaining("never crossed");
        assertThat(bob.receive(4, 1000, Duration.ofSeconds(1)).frameId()).isEqualTo(4);
        assertThatThrownBy(() -> bob.receive(5, 1000, Duration.ofMillis(50)))
                .hasMessageContaining("did not arrive");
        assertThatThrownBy(
                        () ->
                                alice.emit(
                                        new Frame(
                                                4,
                                                1000,
                                                new CtrSlotStateSource(key, 4, 1000, P.profile()))))
                .isInstanceOf(IllegalArgumentException.class);
        alice.close();
        assertThat(alice.laserOn()).isFalse();
        assertThatThrownBy(
                        () ->
                                alice.emit(
                                        new Frame(
                                                9,
                                                1000,
                                                new CtrSlotStateSource(key, 9, 1000, P.profile()))))
                .isInstanceOf(HalException.class);
        bob.close();
    }

    @Test
    void wireFormRoundTripsAndRejectsGarbage() throws IOException {
        Arrivals.Builder b = new Arrivals.Builder(7, 100, 4);
        b.add(3, 2, 1);
        b.add(50, 1, 70);
        Arrivals a = b.build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeTo(new DataOutputStream(bytes));
        byte[] wire = bytes.toByteArray();
        Arrivals back = Arrivals.readFrom(new DataInputStream(new ByteArrayInputStream(wire)));
        assertThat(back).isEqualTo(a);
        assertThat(back.photons(1)).isEqualTo(Arrivals.MAX_PHOTONS);
        byte[] bad = wire.clone();
        bad[wire.length - 5 - 4] = 0x7f; // first slot out of range / order
        assertThatThrownBy(
                        () -> Arrivals.readFrom(new DataInputStream(new ByteArrayInputStream(bad))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void backendOpensFromConfigurationAndRejectsBadValues() throws Exception {
        HalBackendProvider sim =
                BackendSelector.discover().select("sim", HalConfig.empty()).provider();
        HalConfig cfg =
                HalConfig.of(
                        Map.of(
                                "sim.fiber", "memory:cfg-test",
                                "sim.length-km", "50",
                                "sim.eve", "intercept-resend",
                                "sim.eve-fraction", "0.5"));
        SimParameters p = SimParameters.fromConfig(cfg);
        assertThat(p.lengthKm()).isEqualTo(50);
        assertThat(p.eavesdropper()).isEqualTo(new Eavesdropper.InterceptResend(0.5));
        try (Transmitter t = sim.openTransmitter(cfg, new SeededDrbg(1, "a"));
                Receiver r = sim.openReceiver(cfg, new SeededDrbg(1, "b"))) {
            byte[] key = new byte[16];
            t.emit(new Frame(0, 100_000, new CtrSlotStateSource(key, 0, 100_000, p.profile())));
            assertThat(r.receive(0, 100_000, Duration.ofSeconds(5)).size()).isPositive();
            assertThat(t.safeState()).contains("laser off");
        }
        assertThatThrownBy(() -> SimParameters.fromConfig(cfg.with("sim.length-km", "-3")))
                .isInstanceOf(HalConfigException.class)
                .hasMessageContaining("sim.length-km")
                .hasMessageContaining("[0.0, 1000.0]");
        assertThatThrownBy(() -> SimParameters.fromConfig(cfg.with("sim.nu", "0.9")))
                .isInstanceOf(HalConfigException.class)
                .hasMessageContaining("muDecoy");
        assertThatThrownBy(
                        () -> SimBackendProvider.openFiber(cfg.with("sim.fiber", "tcp-connect:x")))
                .isInstanceOf(HalConfigException.class);
        assertThat(SimParameters.fromConfig(cfg.with("sim.profile", "paper")).source())
                .isEqualTo(SourceModel.SINGLE_PHOTON);
    }

    // Efficient BB84: Bob's active basis choice can take Alice's bias (sim.bob-p-rectilinear).
    @Test
    void bobsActiveBasisChoiceFollowsItsBias() throws Exception {
        InMemoryFiber fiber = new InMemoryFiber(8);
        SimTransmitter alice = new SimTransmitter(P, fiber, true);
        SimReceiver bob = new SimReceiver(P, fiber, false, new SeededDrbg(5, "bob"), 0.8);
        byte[] key = new byte[16];
        alice.emit(new Frame(1, 400_000, new CtrSlotStateSource(key, 1, 400_000, P.profile())));
        ClickReport r = bob.receive(1, 400_000, Duration.ofSeconds(5));
        int z = 0;
        for (int i = 0; i < r.size(); i++) {
            z += r.basisCode(i) == 0 ? 1 : 0;
        }
        assertThat(r.size()).as("clicks").isGreaterThan(500);
        assertThat(z / (double) r.size()).isBetween(0.74, 0.86);
    }
}
