package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import io.qkdmodem.agent.qtls.record.AeadProtection;
import io.qkdmodem.agent.qtls.record.RecordAlgorithm;
import io.qkdmodem.agent.qtls.record.RecordProtection;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import io.qkdmodem.agent.qtls.testing.RecordingCrypto;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.qkdconfig.TtlUnit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit finding 13 (Quantum TLS part): record keys are destroyed when they are retired by a rekey
 * and when the connection ends, also when the transport goes away without the peer's close_notify.
 */
class RecordKeysDestroyedTest {

    private static final class Recorded {
        final Agents agents;
        final RecordingCrypto clientCrypto =
                new RecordingCrypto(new JcaQtlsCrypto(Agents.seeded(1)));
        final RecordingCrypto serverCrypto =
                new RecordingCrypto(new JcaQtlsCrypto(Agents.seeded(2)));

        Recorded(long seed) {
            agents = new Agents(seed, 0.0, NoCorrectionDiscussion.factory(4096));
            agents.client.crypto(clientCrypto);
            agents.server.crypto(serverCrypto);
            agents.client.qkdConfiguration(
                    QkdConfigProfile.PAPER_BB84.message().toBuilder()
                            .ttl(3, TtlUnit.MESSAGES)
                            .build());
        }
    }

    private static void exchange(QtlsProtocol c, QtlsProtocol s, int i) throws QtlsFatalAlert {
        c.writeApplicationData(("c" + i).getBytes(StandardCharsets.US_ASCII));
        s.writeApplicationData(("s" + i).getBytes(StandardCharsets.US_ASCII));
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        c.readApplicationData();
        s.readApplicationData();
    }

    private static long live(List<RecordProtection> ps) {
        return ps.stream().filter(p -> !p.isDestroyed()).count();
    }

    @Test
    void rekeyDestroysRetiredKeysAndDisposeDestroysTheRest() throws Exception {
        Recorded r = new Recorded(41);
        QtlsClientProtocol c = r.agents.newClient();
        QtlsServerProtocol s = r.agents.newServer();
        c.connect();
        Pump.run(c, s);
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
        for (int i = 0; i < 10; i++) {
            exchange(c, s, i);
        }
        assertThat(c.keyUpdatesSent()).isEqualTo(3);
        // Two initial protections plus one per KeyUpdate each way; only the current read and
        // write protections are still alive.
        assertThat(r.clientCrypto.created()).hasSize(2 + 6);
        assertThat(live(r.clientCrypto.created())).isEqualTo(2);
        assertThat(live(r.serverCrypto.created())).isEqualTo(2);

        // The client's transport goes away: it sends close_notify and destroys everything now,
        // without waiting for the server's close_notify.
        c.dispose();
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.CLOSED);
        assertThat(live(r.clientCrypto.created())).isZero();
        assertThat(c.keyPoolAvailable()).containsExactly(0, 0);
        assertThatThrownBy(() -> c.writeApplicationData(new byte[1]))
                .isInstanceOf(IllegalStateException.class);
        // The server reads the close_notify; its half-closed connection keeps its keys until it
        // closes too, then destroys them.
        s.offerInput(c.readOutput());
        assertThat(s.isPeerClosed()).isTrue();
        assertThat(live(r.serverCrypto.created())).isEqualTo(2);
        s.close();
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.CLOSED);
        assertThat(live(r.serverCrypto.created())).isZero();
        c.dispose(); // idempotent
    }

    @Test
    void aFailedConnectionDestroysItsRecordKeys() throws Exception {
        Recorded r = new Recorded(42);
        QtlsClientProtocol c = r.agents.newClient();
        QtlsServerProtocol s = r.agents.newServer();
        c.connect();
        Pump.run(c, s);
        exchange(c, s, 0);
        // A corrupted record: bad_record_mac at the server, which then fails.
        c.writeApplicationData(new byte[] {1, 2, 3});
        byte[] wire = c.readOutput();
        wire[wire.length - 1] ^= 1;
        assertThatThrownBy(() -> s.offerInput(wire)).isInstanceOf(QtlsFatalAlert.class);
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.FAILED);
        assertThat(live(r.serverCrypto.created())).isZero();
    }

    @Test
    void aDestroyedAeadProtectionZeroizesItsArraysAndRefusesToWork() throws Exception {
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        java.util.Arrays.fill(key, (byte) 0x5A);
        java.util.Arrays.fill(iv, (byte) 0x33);
        AeadProtection p = new AeadProtection(RecordAlgorithm.AES_256_GCM, key, iv);
        byte[] sealed = p.seal(0, ContentType.APPLICATION_DATA, new byte[] {9, 9});
        p.destroy();
        assertThat(p.isDestroyed()).isTrue();
        assertThat(key).containsOnly(0);
        assertThat(iv).containsOnly(0);
        assertThatThrownBy(() -> p.seal(1, ContentType.APPLICATION_DATA, new byte[] {1}))
                .isInstanceOf(QtlsFatalAlert.class);
        assertThatThrownBy(() -> p.open(0, ContentType.APPLICATION_DATA, sealed))
                .isInstanceOf(QtlsFatalAlert.class);
        p.destroy(); // idempotent
    }
}
