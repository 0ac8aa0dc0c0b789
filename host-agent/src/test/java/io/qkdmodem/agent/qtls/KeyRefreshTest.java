package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.message.HandshakeType;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.qkdconfig.TtlUnit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-band key refresh (docs/protocol/quantum-tls.md, "In-band key refresh"): when a direction's
 * spare final key runs out, the agents run a fresh BB84 discussion on the live connection over new
 * sifted key, and the connection (AEAD rekeys or one-time pads) goes on; a tampered refresh message
 * fails with an alert and yields no key; a modem without key stops the connection cleanly.
 */
class KeyRefreshTest {
    private static final int BLOCK = 1 << 16; // sifted bits per handshake and per refresh

    private static Agents agents(long seed, DiscussionFactory d, double ber, long capacity) {
        return new Agents(seed, ber, d, capacity);
    }

    private static Agents fake(long seed, long capacity) {
        return agents(seed, NoCorrectionDiscussion.factory(4096), 0.0, capacity);
    }

    private static Agents ttl(Agents a, int ttl) {
        a.client.qkdConfiguration(
                QkdConfigProfile.PAPER_BB84.message().toBuilder()
                        .ttl(ttl, TtlUnit.MESSAGES)
                        .build());
        return a;
    }

    private static void handshake(QtlsClientProtocol c, QtlsServerProtocol s) throws Exception {
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(c.isHandshakeComplete()).isTrue();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static KeyReference ref(int n) {
        return new KeyReference(("mem-" + n).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aeadRekeysGoOnThroughFreshDiscussionsWhenTheSpareRunsOut() throws Exception {
        // Real post-processing at 2 % QBER; TTL 2 messages, so each side rekeys every 2 records.
        Agents a = ttl(agents(71, PostProcessingDiscussion.factory(), 0.02, Long.MAX_VALUE), 2);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        long spare = c.keyPoolAvailable()[0];
        // Enough records for at least two refreshes of the client's direction.
        int records = (int) (2 * 2 * spare / 32) + 20;
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            byte[] cs = ("c" + i + ";").getBytes(StandardCharsets.US_ASCII);
            byte[] sc = ("s" + i + ";").getBytes(StandardCharsets.US_ASCII);
            c.writeApplicationData(cs);
            s.writeApplicationData(sc);
            Pump.Outcome o = Pump.run(c, s);
            assertThat(o.clientFailure()).as("client after record %d", i).isNull();
            assertThat(o.serverFailure()).as("server after record %d", i).isNull();
            assertThat(c.isWaitingForKey()).isFalse();
            toServer.write(s.readApplicationData());
            toClient.write(c.readApplicationData());
        }
        StringBuilder wantS = new StringBuilder();
        StringBuilder wantC = new StringBuilder();
        for (int i = 0; i < records; i++) {
            wantS.append("c").append(i).append(';');
            wantC.append("s").append(i).append(';');
        }
        assertThat(toServer.toString(StandardCharsets.US_ASCII)).isEqualTo(wantS.toString());
        assertThat(toClient.toString(StandardCharsets.US_ASCII)).isEqualTo(wantC.toString());
        assertThat(c.keyRefreshes()).isGreaterThanOrEqualTo(2).isEqualTo(s.keyRefreshes());
        assertThat(c.keyUpdatesSent())
                .isEqualTo(s.keyUpdatesReceived())
                .isEqualTo((records - 1) / 2);
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.ESTABLISHED);
        // Every refresh's key was CONSUMEd on both modems and replenished both.
        for (int n = 2; n <= 1 + c.keyRefreshes(); n++) {
            assertThat(a.keys.isConsumed(ref(n))).as("mem-%d consumed", n).isTrue();
        }
        assertThat(a.keys.replenishedBytes(true))
                .isEqualTo(QtlsConfig.DEFAULT_REPLENISH_BYTES * (1 + s.keyRefreshes()));
        assertThat(a.keys.replenishedBytes(false))
                .isEqualTo(QtlsConfig.DEFAULT_REPLENISH_BYTES * (1 + c.keyRefreshes()));
    }

    @Test
    void oneTimePadModeGoesOnThroughFreshDiscussions() throws Exception {
        Agents a = ttl(agents(72, PostProcessingDiscussion.factory(), 0.02, Long.MAX_VALUE), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        assertThat(c.sessionInfo().cipherSuite())
                .isEqualTo(CipherSuite.QKD_BB84_WITH_OTP_WEGMAN_CARTER_SHA256);
        long spare = c.keyPoolAvailable()[0];
        byte[] up = random((int) (2 * spare), 1);
        byte[] down = random((int) spare, 2);
        c.writeApplicationData(up);
        s.writeApplicationData(down);
        assertThat(c.isWaitingForKey()).isTrue(); // more than the pool holds: a refresh runs
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(s.readApplicationData()).isEqualTo(up);
        assertThat(c.readApplicationData()).isEqualTo(down);
        assertThat(c.isWaitingForKey()).isFalse();
        assertThat(s.isWaitingForKey()).isFalse();
        assertThat(c.keyRefreshes()).isGreaterThanOrEqualTo(2).isEqualTo(s.keyRefreshes());
        assertThat(a.keys.isConsumed(ref(2))).isTrue();
    }

    @Test
    void oneTimePadRefreshWithTheFakeDiscussionCarriesExactlyTheData() throws Exception {
        Agents a = ttl(fake(73, Long.MAX_VALUE), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        byte[] up = random(10_000, 3);
        // One byte at a time: a refresh record may arrive split anywhere.
        c.writeApplicationData(up);
        Pump.Outcome o = Pump.run(c, s, true, x -> x, x -> x);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(s.readApplicationData()).isEqualTo(up);
        assertThat(c.keyRefreshes()).isGreaterThanOrEqualTo(4);
    }

    /**
     * Flips the last byte of the {@code n}-th qkd_key_refresh record (both directions counted)
     * whose message matches {@code which} (applied to the record's fragment).
     */
    private static final class RefreshTamperer {
        private final AtomicInteger seen = new AtomicInteger();
        private final int target;
        private final java.util.function.Predicate<byte[]> which;
        private volatile boolean tampered;

        RefreshTamperer(int target) {
            this(target, f -> true);
        }

        RefreshTamperer(int target, java.util.function.Predicate<byte[]> which) {
            this.target = target;
            this.which = which;
        }

        UnaryOperator<byte[]> direction() {
            return chunk -> {
                byte[] out = chunk.clone();
                int pos = 0;
                while (pos + 5 <= out.length) {
                    int type = out[pos] & 0xFF;
                    int len = ((out[pos + 3] & 0xFF) << 8) | (out[pos + 4] & 0xFF);
                    if (pos + 5 + len > out.length) {
                        break;
                    }
                    if (type == ContentType.QKD_KEY_REFRESH
                            && len > 0
                            && which.test(Arrays.copyOfRange(out, pos + 5, pos + 5 + len))
                            && seen.getAndIncrement() == target) {
                        out[pos + 5 + len - 1] ^= 1;
                        tampered = true;
                    }
                    pos += 5 + len;
                }
                return out;
            };
        }
    }

    /**
     * The fake discussion's refresh has four public records: Alice's sample, Bob's sample, and the
     * two KeyRefreshFinished; a bit flipped in any of them fails the refresh (the tags cover the
     * whole refresh transcript), and no data under its key is ever accepted.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aTamperedRefreshMessageFailsWithAnAlert(int target) throws Exception {
        Agents a = ttl(fake(74 + target, Long.MAX_VALUE), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        byte[] up = random(5000, 4);
        c.writeApplicationData(up);
        RefreshTamperer t = new RefreshTamperer(target);
        Pump.Outcome o = Pump.run(c, s, false, t.direction(), t.direction());
        assertThat(t.tampered).isTrue();
        QtlsFatalAlert first =
                o.clientFailure().receivedFromPeer() ? o.serverFailure() : o.clientFailure();
        assertThat(first.receivedFromPeer()).isFalse();
        assertThat(first.description()).isEqualTo(AlertDescription.DECRYPT_ERROR);
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.FAILED);
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.FAILED);
        // The side that caught the tampering never took the refreshed key (the other may have,
        // when only the last tag was touched; the connection ends anyway).
        QtlsProtocol detector = first == o.clientFailure() ? c : s;
        assertThat(detector.keyRefreshes()).isZero();
        // Only what the handshake's spare paid for arrived; nothing under a refreshed key.
        byte[] got = s.readApplicationData();
        assertThat(got.length).isLessThan(up.length);
        assertThat(got).isEqualTo(Arrays.copyOf(up, got.length));
        // The refresh's sifted key was disclosed: CONSUMEd, never served again.
        assertThat(a.keys.isConsumed(ref(2))).isTrue();
    }

    /**
     * The real discussion at 2 % QBER: a bit flipped in its sample messages, in Cascade's first
     * CascadeStart, ParityRequest or ParityReply (which once made Cascade's Bob loop without end:
     * his searches now have hard bounds and end on contradicting parities), in the verification, or
     * in the first KeyRefreshFinished.
     *
     * @param which the Bb84Discussion message type (docs/postprocessing.md), or 0 for the first
     *     KeyRefreshFinished
     */
    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0})
    void aTamperedRealDiscussionMessageFailsWithAnAlert(int which) throws Exception {
        Agents a = ttl(agents(78, PostProcessingDiscussion.factory(), 0.02, 1 << 20), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        c.writeApplicationData(random((int) c.keyPoolAvailable()[0] + 10, 5));
        RefreshTamperer t =
                new RefreshTamperer(
                        0,
                        f ->
                                which == 0
                                        ? (f[0] & 0xFF) == HandshakeType.KEY_REFRESH_FINISHED
                                        : (f[0] & 0xFF) == HandshakeType.BB84_DISCUSSION
                                                && (f[7] & 0xFF) == which);
        Pump.Outcome o = Pump.run(c, s, false, t.direction(), t.direction());
        assertThat(t.tampered).as("a message of type %d was seen", which).isTrue();
        assertThat(o.clientFailure()).isNotNull();
        assertThat(o.serverFailure()).isNotNull();
        QtlsFatalAlert first =
                o.clientFailure().receivedFromPeer() ? o.serverFailure() : o.clientFailure();
        assertThat(first.description())
                .isIn(
                        AlertDescription.DECRYPT_ERROR,
                        AlertDescription.ILLEGAL_PARAMETER,
                        AlertDescription.DECODE_ERROR,
                        AlertDescription.UNEXPECTED_MESSAGE,
                        AlertDescription.KEY_DISTILLATION_FAILED,
                        AlertDescription.EAVESDROPPING_DETECTED);
        QtlsProtocol detector = first == o.clientFailure() ? c : s;
        assertThat(detector.keyRefreshes()).isZero();
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.FAILED);
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.FAILED);
    }

    @Test
    void aRefreshRecordWithoutARefreshIsUnexpected() throws Exception {
        Agents a = fake(82, Long.MAX_VALUE);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        // A forged Bb84Discussion in a qkd_key_refresh record, out of the blue.
        byte[] body = {0x01, 0x02};
        byte[] framed = new io.qkdmodem.agent.qtls.message.Bb84Discussion(body).frame();
        byte[] record = new byte[5 + framed.length];
        record[0] = (byte) ContentType.QKD_KEY_REFRESH;
        record[1] = 3;
        record[2] = 3;
        record[4] = (byte) framed.length;
        System.arraycopy(framed, 0, record, 5, framed.length);
        QtlsFatalAlert e = null;
        try {
            s.offerInput(record);
        } catch (QtlsFatalAlert x) {
            e = x;
        }
        assertThat(e).isNotNull();
        assertThat(e.description()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
    }

    @Test
    void oneTimePadStopsCleanlyWhenTheModemHasNoKeyEither() throws Exception {
        // The modems hold exactly one block: the handshake's. The refresh finds none.
        Agents a = ttl(fake(83, BLOCK), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        byte[] up = random(5000, 6);
        c.writeApplicationData(up);
        assertThat(c.isWaitingForKey()).isTrue();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.serverFailure().description()).isEqualTo(AlertDescription.QKD_KEY_EXHAUSTED);
        assertThat(o.serverFailure().receivedFromPeer()).isFalse();
        assertThat(o.clientFailure().description()).isEqualTo(AlertDescription.QKD_KEY_EXHAUSTED);
        assertThat(o.clientFailure().receivedFromPeer()).isTrue();
        // Everything the spare paid for arrived, in order; the rest was never sent.
        byte[] got = s.readApplicationData();
        assertThat(got.length).isGreaterThan(1000).isLessThan(up.length);
        assertThat(got).isEqualTo(Arrays.copyOf(up, got.length));
    }

    @Test
    void aServerThatRunsOutStartsTheRefreshItself() throws Exception {
        Agents a = ttl(fake(84, Long.MAX_VALUE), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        byte[] down = random(7000, 7);
        s.writeApplicationData(down);
        assertThat(s.isWaitingForKey()).isTrue();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(c.readApplicationData()).isEqualTo(down);
        assertThat(s.keyRefreshes()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void bothSidesRunningOutAtOnceShareOneRefresh() throws Exception {
        Agents a = ttl(fake(85, Long.MAX_VALUE), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        byte[] up = random(3000, 8);
        byte[] down = random(3000, 9);
        // Both write before either sees the other's request or reference.
        c.writeApplicationData(up);
        s.writeApplicationData(down);
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(s.readApplicationData()).isEqualTo(up);
        assertThat(c.readApplicationData()).isEqualTo(down);
        assertThat(c.keyRefreshes()).isEqualTo(1).isEqualTo(s.keyRefreshes());
    }

    @Test
    void closeWhileDataWaitsForKeySendsCloseNotifyAfterTheData() throws Exception {
        Agents a = ttl(fake(86, Long.MAX_VALUE), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        byte[] up = random(4000, 10);
        c.writeApplicationData(up);
        c.close();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.serverFailure()).isNull();
        assertThat(s.readApplicationData()).isEqualTo(up);
        assertThat(s.isPeerClosed()).isTrue();
    }

    @Test
    void aRefreshStillRunsAfterThePeersCloseNotify() throws Exception {
        // The server closed its direction; the client keeps writing and needs fresh key.
        Agents a = ttl(fake(87, Long.MAX_VALUE), 1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        handshake(c, s);
        s.close();
        Pump.run(c, s);
        assertThat(c.isPeerClosed()).isTrue();
        byte[] up = random(6000, 11);
        c.writeApplicationData(up);
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(s.readApplicationData()).isEqualTo(up);
        assertThat(c.keyRefreshes()).isGreaterThanOrEqualTo(1);
        c.close();
        Pump.run(c, s);
        assertThat(c.phase()).isEqualTo(QtlsProtocol.Phase.CLOSED);
        assertThat(s.phase()).isEqualTo(QtlsProtocol.Phase.CLOSED);
    }
}
