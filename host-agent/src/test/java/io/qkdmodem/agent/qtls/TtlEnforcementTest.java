package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.MutableClock;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import io.qkdmodem.agent.qtls.testing.TestPki;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.qkdconfig.TtlUnit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The reader's side of the TTL (docs/protocol/quantum-tls.md, "TTL and T"): a peer that keeps
 * writing under one key past the agreed TTL, without a KeyUpdate, is answered with {@code
 * ttl_exceeded} and the connection ends; the offending record's data is never delivered. The faulty
 * peer is a client engine whose writer ignores the TTL ({@code writerHonoursTtl = false}), the only
 * thing it does differently from a real one.
 */
class TtlEnforcementTest {

    private static Agents agents(long seed, int ttl, TtlUnit unit) {
        Agents a = new Agents(seed, 0.0, NoCorrectionDiscussion.factory(4096));
        a.client.qkdConfiguration(
                QkdConfigProfile.PAPER_BB84.message().toBuilder().ttl(ttl, unit).build());
        return a;
    }

    private static void handshake(QtlsClientProtocol c, QtlsServerProtocol s) throws Exception {
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void recordsPastTheMessageTtlWithoutRekeyAreTtlExceeded() throws Exception {
        Agents a = agents(41, 3, TtlUnit.MESSAGES);
        QtlsClientProtocol faulty = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(faulty, s);
        faulty.writerHonoursTtl = false;

        for (int i = 1; i <= 3; i++) {
            faulty.writeApplicationData(ascii("ok" + i));
        }
        Pump.Outcome o = Pump.run(faulty, s);
        assertThat(o.serverFailure()).isNull();
        assertThat(new String(s.readApplicationData(), StandardCharsets.US_ASCII))
                .isEqualTo("ok1ok2ok3");

        faulty.writeApplicationData(ascii("fourth under the same key"));
        o = Pump.run(faulty, s);
        assertThat(o.serverFailure()).isNotNull();
        assertThat(o.serverFailure().description()).isEqualTo(AlertDescription.TTL_EXCEEDED);
        assertThat(o.serverFailure().receivedFromPeer()).isFalse();
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.FAILED);
        assertThat(s.readApplicationData()).isEmpty();
        // The faulty peer got the alert and is closed too.
        assertThat(o.clientFailure()).isNotNull();
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.TTL_EXCEEDED);
        assertThat(o.clientFailure().receivedFromPeer()).isTrue();
        assertThat(faulty.phase()).isEqualTo(QtlsProtocol.Phase.FAILED);
    }

    @Test
    void anHonestWriterNeverTripsTheReaderAtTheSameTtl() throws Exception {
        Agents a = agents(42, 3, TtlUnit.MESSAGES);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        for (int i = 0; i < 10; i++) {
            c.writeApplicationData(ascii("m" + i));
        }
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.serverFailure()).isNull();
        assertThat(s.keyUpdatesReceived()).isEqualTo(3);
    }

    @Test
    void aKeyKeptPastTheSecondsTtlAndGraceIsTtlExceeded() throws Exception {
        Agents a = agents(43, 60, TtlUnit.SECONDS);
        MutableClock clock = new MutableClock(TestPki.NOW);
        a.client.clock(clock);
        a.server.clock(clock).ttlGraceSeconds(2);
        QtlsClientProtocol faulty = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(faulty, s);
        faulty.writerHonoursTtl = false;

        // 60 s + 2 s grace is still tolerated.
        clock.advance(Duration.ofSeconds(62));
        faulty.writeApplicationData(ascii("late but within grace"));
        Pump.Outcome o = Pump.run(faulty, s);
        assertThat(o.serverFailure()).isNull();
        assertThat(s.readApplicationData()).hasSize(21);

        clock.advance(Duration.ofSeconds(1));
        faulty.writeApplicationData(ascii("too late"));
        o = Pump.run(faulty, s);
        assertThat(o.serverFailure()).isNotNull();
        assertThat(o.serverFailure().description()).isEqualTo(AlertDescription.TTL_EXCEEDED);
        assertThat(s.readApplicationData()).isEmpty();
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.TTL_EXCEEDED);
        assertThat(o.clientFailure().receivedFromPeer()).isTrue();
    }

    @Test
    void theServerAsFaultyWriterIsCaughtByTheClient() throws Exception {
        Agents a = agents(44, 2, TtlUnit.MESSAGES);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol faulty = a.newServer();
        handshake(c, faulty);
        faulty.writerHonoursTtl = false;
        for (int i = 0; i < 3; i++) {
            faulty.writeApplicationData(ascii("r" + i));
        }
        Pump.Outcome o = Pump.run(c, faulty);
        assertThat(o.clientFailure()).isNotNull();
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.TTL_EXCEEDED);
        // The first two records arrived before the violation and were delivered.
        assertThat(new String(c.readApplicationData(), StandardCharsets.US_ASCII))
                .isEqualTo("r0r1");
        assertThat(o.serverFailure().receivedFromPeer()).isTrue();
    }
}
