package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.discussion.SourceModel;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.KeySourceException;
import io.qkdmodem.agent.qtls.keysource.ModemSiftedKeySource;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.Pump;
import io.qkdmodem.hal.serial.InMemorySerialPair;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.driver.ModemServer;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.ModemIdentity;
import io.qkdmodem.protocol.session.ModemSession;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.testing.InMemoryModemBackend;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A full handshake between two agents, each talking to its own simulated modem over the real modem
 * link protocol (frames, authenticated session, RESERVE / FETCH / CONSUME / REPLENISH) through an
 * in-memory serial pair. The two modems' backends share a link seed, as two modems of one link
 * share sifted key.
 */
class OverSimulatedModemsTest {
    private static final byte[] SECRET =
            "qtls test pairing secret, 32 byt".getBytes(StandardCharsets.US_ASCII);

    private static ModemServer modem(
            InMemorySerialPair pair, InMemoryModemBackend backend, String id) {
        ModemSession s =
                new ModemSession(
                        new ModemIdentity(
                                id.getBytes(StandardCharsets.US_ASCII),
                                "fw-test",
                                ModemIdentity.CAP_CHUNKED_FETCH),
                        PairingSecret.of(SECRET),
                        backend,
                        new SecureRandom());
        return ModemServer.start(pair.b(), s, backend);
    }

    private static ModemClient host(InMemorySerialPair pair, String id) throws Exception {
        return ModemClient.connect(
                pair.a(),
                HostConfig.builder(id.getBytes(StandardCharsets.US_ASCII), PairingSecret.of(SECRET))
                        .responseTimeout(Duration.ofMillis(500))
                        .maxRetransmits(10)
                        .build());
    }

    @Test
    void handshakeOverTwoSimulatedModems() throws Exception {
        InMemorySerialPair alicePair = new InMemorySerialPair();
        InMemorySerialPair bobPair = new InMemorySerialPair();
        InMemoryModemBackend aliceBackend = new InMemoryModemBackend(42, 1 << 20);
        InMemoryModemBackend bobBackend = new InMemoryModemBackend(42, 1 << 20);
        try (ModemServer am = modem(alicePair, aliceBackend, "alice-modem");
                ModemServer bm = modem(bobPair, bobBackend, "bob-modem");
                ModemClient ac = host(alicePair, "alice-agent");
                ModemClient bc = host(bobPair, "bob-agent")) {
            Agents a = new Agents(51, 0.0, PostProcessingDiscussion.factory());
            a.server.keySource(new ModemSiftedKeySource(ac));
            a.client.keySource(new ModemSiftedKeySource(bc));
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            c.connect();
            Pump.Outcome o = Pump.run(c, s);
            assertThat(o.clientFailure()).isNull();
            assertThat(o.serverFailure()).isNull();
            assertThat(c.isHandshakeComplete()).isTrue();
            c.writeApplicationData("via modems".getBytes(StandardCharsets.US_ASCII));
            Pump.run(c, s);
            assertThat(new String(s.readApplicationData(), StandardCharsets.US_ASCII))
                    .isEqualTo("via modems");
            // Both modems saw the key consumed and the replenish slice arrive.
            assertThat(ac.status().reservedBits()).isZero();
            assertThat(bc.status().reservedBits()).isZero();
            assertThat(ac.status().poolBits()).isGreaterThanOrEqualTo(256);
            assertThat(bc.status().poolBits()).isGreaterThanOrEqualTo(256);
            assertThat(new ModemSiftedKeySource(ac).status().modem()).contains("modem");
        }
    }

    /**
     * One-time pads past the handshake's spare key: in-band key refreshes RESERVE, FETCH, CONSUME
     * and REPLENISH (under each refresh's own reference) at both modems over the modem link.
     */
    @Test
    void inBandKeyRefreshesOverTwoSimulatedModems() throws Exception {
        InMemorySerialPair alicePair = new InMemorySerialPair();
        InMemorySerialPair bobPair = new InMemorySerialPair();
        InMemoryModemBackend aliceBackend = new InMemoryModemBackend(43, 1 << 20);
        InMemoryModemBackend bobBackend = new InMemoryModemBackend(43, 1 << 20);
        try (ModemServer am = modem(alicePair, aliceBackend, "alice-modem");
                ModemServer bm = modem(bobPair, bobBackend, "bob-modem");
                ModemClient ac = host(alicePair, "alice-agent");
                ModemClient bc = host(bobPair, "bob-agent")) {
            Agents a = new Agents(52, 0.0, PostProcessingDiscussion.factory());
            a.server.keySource(new ModemSiftedKeySource(ac));
            a.client
                    .keySource(new ModemSiftedKeySource(bc))
                    .qkdConfiguration(
                            io.qkdmodem.protocol.qkdconfig.QkdConfigProfile.PAPER_BB84
                                    .message()
                                    .toBuilder()
                                    .ttl(1, io.qkdmodem.protocol.qkdconfig.TtlUnit.MESSAGES)
                                    .build());
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            c.connect();
            Pump.Outcome o = Pump.run(c, s);
            assertThat(o.clientFailure()).isNull();
            long poolAfterHandshake = ac.status().poolBits();
            byte[] data = new byte[(int) (2 * c.keyPoolAvailable()[0])];
            new java.util.Random(52).nextBytes(data);
            c.writeApplicationData(data);
            o = Pump.run(c, s);
            assertThat(o.clientFailure()).isNull();
            assertThat(o.serverFailure()).isNull();
            assertThat(s.readApplicationData()).isEqualTo(data);
            assertThat(c.keyRefreshes()).isPositive().isEqualTo(s.keyRefreshes());
            // Every refresh's reservation was consumed on both modems and replenished both.
            assertThat(ac.status().reservedBits()).isZero();
            assertThat(bc.status().reservedBits()).isZero();
            assertThat(ac.status().poolBits()).isGreaterThan(poolAfterHandshake);
            assertThat(bc.status().poolBits()).isEqualTo(ac.status().poolBits());
        }
    }

    /**
     * The weak-coherent model over modems whose blocks carry no decoy-state error counts (here the
     * in-memory modem, as a firmware in the signal-only layout): the agents reserve a whole block
     * (RESERVE mode 2), find no counts to attach, and the discussion refuses the block with {@code
     * key_distillation_failed} naming the missing counts, before anything is disclosed.
     */
    @Test
    void weakCoherentHandshakeRefusesABlockWithoutDecoyCounts() throws Exception {
        InMemorySerialPair alicePair = new InMemorySerialPair();
        InMemorySerialPair bobPair = new InMemorySerialPair();
        InMemoryModemBackend aliceBackend = new InMemoryModemBackend(43, 1 << 20);
        InMemoryModemBackend bobBackend = new InMemoryModemBackend(43, 1 << 20);
        double[] mu = {0.5, 0.15, 0};
        double[] p = {0.5, 0.35, 0.15};
        try (ModemServer am = modem(alicePair, aliceBackend, "alice-modem");
                ModemServer bm = modem(bobPair, bobBackend, "bob-modem");
                ModemClient ac = host(alicePair, "alice-agent");
                ModemClient bc = host(bobPair, "bob-agent")) {
            Agents a =
                    new Agents(
                            52, 0.0, PostProcessingDiscussion.factory(SourceModel.WEAK_COHERENT));
            a.server.keySource(ModemSiftedKeySource.withDecoyModel(ac, mu, p));
            a.client.keySource(ModemSiftedKeySource.withDecoyModel(bc, mu, p));
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            c.connect();
            Pump.Outcome o = Pump.run(c, s);
            assertThat(c.isHandshakeComplete()).isFalse();
            assertThat(o.serverFailure()).isNotNull();
            assertThat(o.serverFailure().description())
                    .isEqualTo(AlertDescription.KEY_DISTILLATION_FAILED);
            assertThat(o.serverFailure().getMessage())
                    .contains("weak-coherent")
                    .contains("decoy-state counts");
            // The server's modem reserved one whole block (mode 2) for it.
            assertThat(aliceBackend.reservations()).isEqualTo(1);
        }
    }

    /**
     * A default-configured modem closes blocks of 8192 bits while the weak-coherent agent asks for
     * one whole block of 2^20: RESERVE mode 2 never succeeds. The server's alert says why and what
     * to set instead of a bare qkd_key_exhausted.
     */
    @Test
    void weakCoherentAgentExplainsBlocksSmallerThanSiftedBits() throws Exception {
        InMemorySerialPair alicePair = new InMemorySerialPair();
        InMemorySerialPair bobPair = new InMemorySerialPair();
        InMemoryModemBackend aliceBackend = new InMemoryModemBackend(44, 8192);
        InMemoryModemBackend bobBackend = new InMemoryModemBackend(44, 8192);
        aliceBackend.addBits(8192);
        aliceBackend.addBits(8192);
        double[] mu = {0.5, 0.15, 0};
        double[] p = {0.5, 0.35, 0.15};
        try (ModemServer am = modem(alicePair, aliceBackend, "alice-modem");
                ModemServer bm = modem(bobPair, bobBackend, "bob-modem");
                ModemClient ac = host(alicePair, "alice-agent");
                ModemClient bc = host(bobPair, "bob-agent")) {
            Agents a =
                    new Agents(
                            53, 0.0, PostProcessingDiscussion.factory(SourceModel.WEAK_COHERENT));
            a.server.keySource(ModemSiftedKeySource.withDecoyModel(ac, mu, p));
            a.server.siftedBitsPerHandshake(1 << 20);
            a.client.keySource(ModemSiftedKeySource.withDecoyModel(bc, mu, p));
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            c.connect();
            Pump.Outcome o = Pump.run(c, s);
            assertThat(o.serverFailure()).isNotNull();
            assertThat(o.serverFailure().description())
                    .isEqualTo(AlertDescription.QKD_KEY_EXHAUSTED);
            assertThat(o.serverFailure().getMessage())
                    .contains("3 stored blocks")
                    .contains("block.target-bits")
                    .contains("at least 1048576")
                    .contains("sifted-bits");
        }
    }

    /** A modem that simply has no key yet gets no block-size hint (waiting helps there). */
    @Test
    void anEmptyModemGetsNoBlockSizeHint() throws Exception {
        InMemorySerialPair alicePair = new InMemorySerialPair();
        InMemoryModemBackend aliceBackend = new InMemoryModemBackend(45, 0);
        try (ModemServer am = modem(alicePair, aliceBackend, "alice-modem");
                ModemClient ac = host(alicePair, "alice-agent")) {
            ModemSiftedKeySource src =
                    ModemSiftedKeySource.withDecoyModel(
                            ac, new double[] {0.5, 0.15, 0}, new double[] {0.5, 0.35, 0.15});
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> src.reserve(1 << 20))
                    .isInstanceOf(KeySourceException.class)
                    .hasMessageNotContaining("block.target-bits");
        }
    }

    /**
     * A block whose pulses contradict the agent's class probabilities (ModemSiftedKeySource refuses
     * it with MODEL_MISMATCH) ends the handshake with key_distillation_failed carrying the reason,
     * not a bare internal_error.
     */
    @Test
    void aDecoyModelMismatchEndsTheHandshakeWithTheReason() throws Exception {
        Agents a = new Agents(54, 0.0, PostProcessingDiscussion.factory());
        SiftedKeySource alice = a.keys.alice();
        a.server.keySource(
                new SiftedKeySource() {
                    @Override
                    public SiftedKey reserve(int bits) throws KeySourceException {
                        throw new KeySourceException(
                                KeySourceException.Reason.MODEL_MISMATCH,
                                "block 7: pulses of class signal contradict source.p-signal");
                    }

                    @Override
                    public SiftedKey fetch(KeyReference r, int bits) throws KeySourceException {
                        return alice.fetch(r, bits);
                    }

                    @Override
                    public void consume(KeyReference r) throws KeySourceException {
                        alice.consume(r);
                    }

                    @Override
                    public void release(KeyReference r) throws KeySourceException {
                        alice.release(r);
                    }

                    @Override
                    public void replenish(QtlsSecret k) throws KeySourceException {
                        alice.replenish(k);
                    }

                    @Override
                    public Status status() throws KeySourceException {
                        return alice.status();
                    }
                });
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.serverFailure()).isNotNull();
        assertThat(o.serverFailure().description())
                .isEqualTo(AlertDescription.KEY_DISTILLATION_FAILED);
        assertThat(o.serverFailure().getMessage())
                .contains("MODEL_MISMATCH")
                .contains("source.p-signal");
    }
}
