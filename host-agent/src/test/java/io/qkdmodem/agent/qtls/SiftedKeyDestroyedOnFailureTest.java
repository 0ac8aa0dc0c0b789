package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.message.HandshakeType;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import io.qkdmodem.agent.qtls.testing.RecordTamperer;
import io.qkdmodem.agent.qtls.testing.RecordingKeySource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit finding 1: the raw sifted block handed to an engine is zeroized on every way out of the
 * handshake, not only on success.
 */
class SiftedKeyDestroyedOnFailureTest {

    /** Agents whose key sources remember the sifted handles they hand out. */
    private static final class Recorded {
        final Agents agents;
        final RecordingKeySource clientKeys;
        final RecordingKeySource serverKeys;

        Recorded(long seed, double ber, DiscussionFactory d) {
            agents = new Agents(seed, ber, d);
            clientKeys = new RecordingKeySource(agents.keys.bob());
            serverKeys = new RecordingKeySource(agents.keys.alice());
            agents.client.keySource(clientKeys);
            agents.server.keySource(serverKeys);
        }
    }

    private static void assertAllDestroyed(RecordingKeySource keys, String what) {
        assertThat(keys.handedOut()).as(what + ": sifted handles handed out").isNotEmpty();
        for (SiftedKey k : keys.handedOut()) {
            assertThat(k.isDestroyed()).as(what + ": " + k).isTrue();
        }
    }

    @Test
    void eavesdroppingAbortDestroysTheSiftedKeyOnBothSides() throws Exception {
        Recorded r = new Recorded(7, 0.25, NoCorrectionDiscussion.factory(4096));
        QtlsClientProtocol c = r.agents.newClient();
        QtlsServerProtocol s = r.agents.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure().description())
                .isEqualTo(AlertDescription.EAVESDROPPING_DETECTED);
        // The server learns of it only through the peer's alert.
        assertThat(o.serverFailure().receivedFromPeer()).isTrue();
        assertAllDestroyed(r.clientKeys, "client after QBER abort");
        assertAllDestroyed(r.serverKeys, "server after peer alert");
    }

    @Test
    void aTamperedMessageDestroysTheSiftedKeyOfEveryFailedSide() throws Exception {
        DiscussionFactory d = NoCorrectionDiscussion.factory(4096);
        int checked = 0;
        for (int target = 0; target < 64; target++) {
            Recorded r = new Recorded(21, 0.0, d);
            RecordTamperer t = new RecordTamperer(target);
            QtlsClientProtocol c = r.agents.newClient();
            QtlsServerProtocol s = r.agents.newServer();
            c.connect();
            Pump.run(c, s, false, t.direction(), t.direction());
            if (!t.tampered()) {
                break; // past the last message
            }
            String what =
                    "tampered message #"
                            + target
                            + " ("
                            + (t.tamperedType() == 256
                                    ? "QKD Configuration"
                                    : HandshakeType.name(t.tamperedType()))
                            + ")";
            for (var side : List.of(List.of(c, r.clientKeys), List.of(s, r.serverKeys))) {
                QtlsProtocol p = (QtlsProtocol) side.get(0);
                RecordingKeySource keys = (RecordingKeySource) side.get(1);
                if (p.phase() == QtlsProtocol.Phase.FAILED && !keys.handedOut().isEmpty()) {
                    assertAllDestroyed(keys, what);
                    checked++;
                }
            }
        }
        // Tampering after the key reference made both sides fail with a key in hand many times.
        assertThat(checked).isGreaterThan(4);
    }

    @Test
    void abandoningTheHandshakeDestroysTheSiftedKey() throws Exception {
        Recorded r = new Recorded(9, 0.0, NoCorrectionDiscussion.factory(4096));
        QtlsClientProtocol c = r.agents.newClient();
        QtlsServerProtocol s = r.agents.newServer();
        c.connect();
        // Exchange flights until the client has fetched the referenced key, then both give up
        // before the handshake ends.
        for (int round = 0; round < 10 && r.clientKeys.handedOut().isEmpty(); round++) {
            byte[] toServer = c.readOutput();
            if (toServer.length > 0) {
                s.offerInput(toServer);
            }
            byte[] toClient = s.readOutput();
            if (toClient.length > 0) {
                c.offerInput(toClient);
            }
        }
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.HANDSHAKING);
        assertThat(r.serverKeys.handedOut()).isNotEmpty();
        c.close();
        s.close();
        assertThat(r.clientKeys.handedOut()).isNotEmpty();
        assertAllDestroyed(r.clientKeys, "client after close");
        assertAllDestroyed(r.serverKeys, "server after close");
    }
}
