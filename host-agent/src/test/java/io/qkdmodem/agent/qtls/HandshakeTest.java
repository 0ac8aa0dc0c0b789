package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.discussion.Bb84Discussion;
import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
import io.qkdmodem.agent.qtls.discussion.DistillationResult;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.MutableClock;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import io.qkdmodem.agent.qtls.testing.RecordingKeySource;
import io.qkdmodem.agent.qtls.testing.TestPki;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.qkdconfig.QkdProtocol;
import io.qkdmodem.protocol.qkdconfig.QkdType;
import io.qkdmodem.protocol.qkdconfig.TtlUnit;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Engine-level behaviour with a fake discussion (post-processing is tested on its own). */
class HandshakeTest {

    private static Agents agents(long seed) {
        return new Agents(seed, 0.0, NoCorrectionDiscussion.factory(4096));
    }

    private static void exchange(QtlsProtocol c, QtlsProtocol s, String cs, String sc)
            throws QtlsFatalAlert {
        c.writeApplicationData(cs.getBytes(StandardCharsets.US_ASCII));
        s.writeApplicationData(sc.getBytes(StandardCharsets.US_ASCII));
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(new String(s.readApplicationData(), StandardCharsets.US_ASCII)).isEqualTo(cs);
        assertThat(new String(c.readApplicationData(), StandardCharsets.US_ASCII)).isEqualTo(sc);
    }

    private static Pump.Outcome handshake(QtlsClientProtocol c, QtlsServerProtocol s)
            throws QtlsFatalAlert {
        c.connect();
        return Pump.run(c, s);
    }

    @ParameterizedTest
    @EnumSource(AuthenticationOrder.class)
    void handshakeOneByteAtATimeCompletesAndCarriesData(AuthenticationOrder order)
            throws Exception {
        Agents a = agents(1).order(order);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s, true, x -> x, x -> x);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
        assertThat(c.sessionInfo().peerSubject()).isEqualTo("CN=server-agent");
        assertThat(s.sessionInfo().peerSubject()).isEqualTo("CN=client-agent");
        exchange(c, s, "ping", "pong");
    }

    @Test
    void consumesTheKeyOnBothSidesAndReplenishesTheModems() throws Exception {
        Agents a = agents(2);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        KeyReference ref = new KeyReference("mem-1".getBytes(StandardCharsets.US_ASCII));
        assertThat(a.keys.isConsumed(ref)).isTrue();
        assertThat(a.keys.replenishedBytes(true)).isEqualTo(QtlsConfig.DEFAULT_REPLENISH_BYTES);
        assertThat(a.keys.replenishedBytes(false)).isEqualTo(QtlsConfig.DEFAULT_REPLENISH_BYTES);
        assertThat(c.sessionInfo().keyReference()).isEqualTo(ref.toString());
    }

    /** Audit finding 11: a failed consume on one side must not skip that side's replenish. */
    @Test
    void aFailedConsumeDoesNotSkipTheReplenish() throws Exception {
        Agents a = agents(3);
        RecordingKeySource clientKeys = new RecordingKeySource(a.keys.bob()).failConsume();
        RecordingKeySource serverKeys = new RecordingKeySource(a.keys.alice());
        a.client.keySource(clientKeys);
        a.server.keySource(serverKeys);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        Pump.Outcome o = handshake(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
        // Both pools grew by the same slice, so the modems' authentication pools stay aligned.
        assertThat(clientKeys.replenishedBytes()).isEqualTo(QtlsConfig.DEFAULT_REPLENISH_BYTES);
        assertThat(serverKeys.replenishedBytes()).isEqualTo(QtlsConfig.DEFAULT_REPLENISH_BYTES);
    }

    @ParameterizedTest
    @EnumSource(
            value = CipherSuite.class,
            names = {"QKD_BB84_WITH_OTP_WEGMAN_CARTER_SHA256"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyAeadSuiteWorks(CipherSuite suite) throws Exception {
        Agents a = agents(3);
        a.client.cipherSuites(List.of(suite));
        a.server.cipherSuites(List.of(suite));
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        Pump.Outcome o = handshake(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(c.sessionInfo().cipherSuite()).isEqualTo(suite);
        exchange(c, s, "hello " + suite, "back");
    }

    @Test
    void paperProfileIsAcceptedAsIs() throws Exception {
        Agents a = agents(4);
        a.client.qkdConfiguration(QkdConfigProfile.PAPER_BB84.message());
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        Pump.Outcome o = handshake(c, s);
        assertThat(o.serverFailure()).isNull();
        assertThat(c.isHandshakeComplete()).isTrue();
        exchange(c, s, "20-byte K", "TTL 200");
    }

    @Test
    void unsupportedProtocolsAndVersionsAreRefusedWithAClearAlert() throws Exception {
        QkdConfigMessage paper = QkdConfigProfile.PAPER_BB84.message();
        List<QkdConfigMessage> refused =
                List.of(
                        paper.toBuilder().protocol(QkdProtocol.B92).build(),
                        paper.toBuilder()
                                .type(QkdType.ENTANGLEMENT)
                                .protocol(QkdProtocol.E91)
                                .build(),
                        paper.toBuilder().version(2).build(),
                        paper.toBuilder().keyLengthBytes(8).build());
        for (QkdConfigMessage m : refused) {
            Agents a = agents(5);
            a.client.qkdConfiguration(m);
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            Pump.Outcome o = handshake(c, s);
            assertThat(o.serverFailure().description())
                    .isEqualTo(AlertDescription.UNSUPPORTED_QKD_CONFIGURATION);
            assertThat(o.clientFailure().description())
                    .isEqualTo(AlertDescription.UNSUPPORTED_QKD_CONFIGURATION);
            assertThat(o.clientFailure().receivedFromPeer()).isTrue();
            assertThat(o.serverFailure().getMessage()).contains(refusalWord(m));
        }
    }

    private static String refusalWord(QkdConfigMessage m) {
        if (m.protocol() != QkdProtocol.BB84) {
            return m.protocol().name();
        }
        return m.version() != 1 ? "version" : "Key-Length";
    }

    @Test
    void unknownProtocolCodeIsRefusedToo() throws Exception {
        Agents a = agents(6);
        QtlsServerProtocol s = a.newServer();
        byte[] cfg = QkdConfigProfile.PAPER_BB84.message().encode();
        cfg[1] = 0x7F; // no such protocol
        byte[] record = new byte[5 + cfg.length];
        record[0] = (byte) ContentType.QKD_CONFIGURATION;
        record[1] = 3;
        record[2] = 3;
        record[4] = (byte) cfg.length;
        System.arraycopy(cfg, 0, record, 5, cfg.length);
        assertThatThrownBy(() -> s.offerInput(record))
                .isInstanceOf(QtlsFatalAlert.class)
                .extracting(e -> ((QtlsFatalAlert) e).description())
                .isEqualTo(AlertDescription.UNSUPPORTED_QKD_CONFIGURATION);
        // The alert went out on the wire: level fatal, our code.
        byte[] out = s.readOutput();
        assertThat(out).hasSize(7);
        assertThat(out[0]).isEqualTo((byte) ContentType.ALERT);
        assertThat(out[6] & 0xFF).isEqualTo(AlertDescription.UNSUPPORTED_QKD_CONFIGURATION.code());
    }

    @Test
    void qberAboveThresholdAbortsWithEavesdroppingDetected() throws Exception {
        Agents a = new Agents(7, 0.25, NoCorrectionDiscussion.factory(4096));
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        Pump.Outcome o = handshake(c, s);
        assertThat(o.clientFailure().description())
                .isEqualTo(AlertDescription.EAVESDROPPING_DETECTED);
        assertThat(o.serverFailure().description())
                .isEqualTo(AlertDescription.EAVESDROPPING_DETECTED);
        assertThat(o.serverFailure().receivedFromPeer()).isTrue();
        // Disclosed key is burnt on both sides.
        assertThat(a.keys.isConsumed(new KeyReference("mem-1".getBytes()))).isTrue();
    }

    @Test
    void oneBitDifferenceInTheFinalKeyMakesFinishedFail() throws Exception {
        DiscussionFactory honest = NoCorrectionDiscussion.factory(4096);
        DiscussionFactory flipping =
                new DiscussionFactory() {
                    @Override
                    public Bb84Discussion alice(
                            SiftedKey k, DiscussionParameters p, SecureRandom r) {
                        return honest.alice(k, p, r);
                    }

                    @Override
                    public Bb84Discussion bob(SiftedKey k, DiscussionParameters p) {
                        return new FlipOneBit(honest.bob(k, p));
                    }
                };
        Agents a = new Agents(8, 0.0, flipping);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        Pump.Outcome o = handshake(c, s);
        assertThat(c.isHandshakeComplete()).isFalse();
        assertThat(s.isHandshakeComplete()).isFalse();
        // The server cannot open the client's Finished record (or its verify_data differs).
        assertThat(o.serverFailure().description())
                .isIn(AlertDescription.BAD_RECORD_MAC, AlertDescription.DECRYPT_ERROR);
        assertThat(o.clientFailure()).isNotNull();
    }

    /** Flips bit 0 of K (the first final-key byte) on one side. */
    private record FlipOneBit(Bb84Discussion inner) implements Bb84Discussion {
        @Override
        public byte[] nextOutbound() throws QtlsFatalAlert {
            return inner.nextOutbound();
        }

        @Override
        public void onInbound(byte[] m) throws QtlsFatalAlert {
            inner.onInbound(m);
        }

        @Override
        public boolean isComplete() {
            return inner.isComplete();
        }

        @Override
        public DistillationResult result() {
            DistillationResult r = inner.result();
            byte[] k = r.finalKey().extract();
            k[0] ^= 1;
            return new DistillationResult(
                    QtlsSecret.adopt(k),
                    r.qber(),
                    r.siftedBits(),
                    r.disclosedBits(),
                    r.leakedBits());
        }

        @Override
        public void destroy() {
            inner.destroy();
        }
    }

    @Test
    void rekeysAfterTtlMessagesWithoutDroppingTheConnection() throws Exception {
        Agents a = agents(9);
        a.client.qkdConfiguration(
                QkdConfigProfile.PAPER_BB84.message().toBuilder().ttl(3, TtlUnit.MESSAGES).build());
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        long poolBefore = c.keyPoolAvailable()[0];
        for (int i = 0; i < 10; i++) {
            exchange(c, s, "m" + i, "r" + i);
        }
        // 10 records with TTL 3: keys changed before records 4, 7 and 10.
        assertThat(c.keyUpdatesSent()).isEqualTo(3);
        assertThat(s.keyUpdatesReceived()).isEqualTo(3);
        assertThat(s.keyUpdatesSent()).isEqualTo(3);
        assertThat(c.keyUpdatesReceived()).isEqualTo(3);
        assertThat(c.keyPoolAvailable()[0]).isEqualTo(poolBefore - 3 * 32);
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
    }

    @Test
    void rekeysAfterTtlSecondsOnTheInjectedClock() throws Exception {
        Agents a = agents(10);
        MutableClock clock = new MutableClock(TestPki.NOW);
        a.client
                .clock(clock)
                .qkdConfiguration(
                        QkdConfigProfile.PAPER_BB84.message().toBuilder()
                                .ttl(60, TtlUnit.SECONDS)
                                .build());
        a.server.clock(clock);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        exchange(c, s, "a", "b");
        clock.advance(Duration.ofSeconds(59));
        exchange(c, s, "c", "d");
        assertThat(c.keyUpdatesSent()).isZero();
        clock.advance(Duration.ofSeconds(1));
        exchange(c, s, "e", "f");
        assertThat(c.keyUpdatesSent()).isEqualTo(1);
        assertThat(s.keyUpdatesSent()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(61));
        exchange(c, s, "g", "h");
        assertThat(c.keyUpdatesSent()).isEqualTo(2);
        assertThat(s.keyUpdatesReceived()).isEqualTo(2);
    }

    @Test
    void rekeysRefreshTheSpareInBandThenStopCleanlyWhenTheModemRunsOut() throws Exception {
        // 4096 final bytes: K 32, replenish 32, 2016 per direction, of which 256 stay in reserve
        // for a key refresh: 55 key updates (one before every record: TTL 1 s, 1 s apart). The
        // modems hold two blocks: the handshake's and one refresh's, which brings 2032 more bytes
        // per direction, less the 32 of the client's KeyRefreshFinished tag: 62 more.
        Agents a = new Agents(11, 0.0, NoCorrectionDiscussion.factory(4096), 2 << 16);
        a.server.replenishBytes(32); // the smallest slice, which the arithmetic above assumes
        a.client.qkdConfiguration(
                QkdConfigProfile.PAPER_BB84.message().toBuilder()
                        .keyLengthBytes(32)
                        .ttl(1, TtlUnit.SECONDS)
                        .build());
        MutableClock clock = new MutableClock(TestPki.NOW);
        a.client.clock(clock);
        a.server.clock(clock);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        int sent = 0;
        Pump.Outcome o = null;
        while (sent < 1000) {
            clock.advance(Duration.ofSeconds(1));
            c.writeApplicationData(new byte[] {1});
            o = Pump.run(c, s);
            if (o.clientFailure() != null) {
                break;
            }
            sent++;
        }
        assertThat(c.keyRefreshes()).isEqualTo(1);
        assertThat(s.keyRefreshes()).isEqualTo(1);
        assertThat(sent).isEqualTo(55 + 62);
        assertThat(s.readApplicationData()).hasSize(sent);
        // The second refresh finds no key at the server's modem: a clean stop with the alert.
        assertThat(o.serverFailure().description()).isEqualTo(AlertDescription.QKD_KEY_EXHAUSTED);
        assertThat(o.serverFailure().receivedFromPeer()).isFalse();
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.QKD_KEY_EXHAUSTED);
        assertThat(o.clientFailure().receivedFromPeer()).isTrue();
    }

    @Test
    void oneTimePadModeWhenTtlIsOneMessage() throws Exception {
        Agents a = agents(12);
        a.client.qkdConfiguration(
                QkdConfigProfile.PAPER_BB84.message().toBuilder().ttl(1, TtlUnit.MESSAGES).build());
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        Pump.Outcome o = handshake(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(c.sessionInfo().cipherSuite())
                .isEqualTo(CipherSuite.QKD_BB84_WITH_OTP_WEGMAN_CARTER_SHA256);
        long before = c.keyPoolAvailable()[0];
        exchange(c, s, "0123456789", "x");
        // Finished was already padded; this record drew 10 + 32 fresh bytes.
        assertThat(c.keyPoolAvailable()[0]).isEqualTo(before - 42);
        // More than the pool holds: the rest waits for an in-band key refresh (KeyRefreshTest).
        c.writeApplicationData(new byte[5000]);
        assertThat(c.isWaitingForKey()).isTrue();
        o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(s.readApplicationData()).hasSize(5000);
        assertThat(c.keyRefreshes()).isPositive();
    }

    @Test
    void otpIsNotNegotiatedWithoutTtlOne() throws Exception {
        Agents a = agents(13);
        a.client.cipherSuites(List.of(CipherSuite.QKD_BB84_WITH_OTP_WEGMAN_CARTER_SHA256));
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        Pump.Outcome o = handshake(c, s);
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(o.serverFailure().receivedFromPeer()).isTrue();
    }
}
