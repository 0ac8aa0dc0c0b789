package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.message.HandshakeType;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import io.qkdmodem.agent.qtls.testing.RecordTamperer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A transcript tampered in any message fails; malformed input gets alerts, never a crash. */
class TamperAndMalformedInputTest {

    private static int countMessages(Agents a) throws Exception {
        RecordTamperer counter = new RecordTamperer(-1);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s, false, counter.direction(), counter.direction());
        assertThat(o.clientFailure()).isNull();
        return counter.seen();
    }

    private static void assertEveryTamperFails(
            long seed, DiscussionFactory d, AuthenticationOrder order, List<Integer> targets)
            throws Exception {
        for (int target : targets) {
            Agents a = new Agents(seed, 0.0, d).order(order);
            RecordTamperer t = new RecordTamperer(target);
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            c.connect();
            Pump.Outcome o = Pump.run(c, s, false, t.direction(), t.direction());
            assertThat(t.tampered()).isTrue();
            String what =
                    "tampered message #"
                            + target
                            + " ("
                            + (t.tamperedType() == 256
                                    ? "QKD Configuration"
                                    : HandshakeType.name(t.tamperedType()))
                            + ", "
                            + order
                            + ", seed "
                            + seed
                            + ")";
            assertThat(c.isHandshakeComplete() && s.isHandshakeComplete()).as(what).isFalse();
            assertThat(o.clientFailure() != null || o.serverFailure() != null).as(what).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(AuthenticationOrder.class)
    void tamperingAnyHandshakeMessageFails(AuthenticationOrder order) throws Exception {
        DiscussionFactory d = NoCorrectionDiscussion.factory(4096);
        int n = countMessages(new Agents(21, 0.0, d).order(order));
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        assertEveryTamperFails(21, d, order, all);
    }

    @Test
    void tamperingRealDiscussionMessagesFails() throws Exception {
        DiscussionFactory d = PostProcessingDiscussion.factory();
        int n = countMessages(new Agents(22, 0.0, d));
        // Messages 0..8 are configuration, hellos and certificates (covered above); from 9 on
        // the discussion: its first, a middle and its last message, and the final
        // CertificateVerify.
        assertEveryTamperFails(
                22, d, AuthenticationOrder.DEFAULT, List.of(9, 10, (9 + n) / 2, n - 2, n - 1));
    }

    @Test
    void messagesInTheWrongStateAreUnexpected() throws Exception {
        Agents a = new Agents(23, 0.0, NoCorrectionDiscussion.factory(4096));
        QtlsServerProtocol s = a.newServer();
        // A Finished before anything else.
        byte[] rec = {22, 3, 3, 0, 16, 20, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        QtlsFatalAlert e = offer(s, rec);
        assertThat(e.description()).isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
        // Application data before the handshake.
        QtlsServerProtocol s2 = a.newServer();
        assertThat(offer(s2, new byte[] {23, 3, 3, 0, 1, 42}).description())
                .isEqualTo(AlertDescription.UNEXPECTED_MESSAGE);
        // A handshake message announcing 16 MiB.
        QtlsServerProtocol s3 = a.newServer();
        assertThat(
                        offer(
                                        s3,
                                        new byte[] {
                                            22, 3, 3, 0, 4, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
                                        })
                                .description())
                .isEqualTo(AlertDescription.DECODE_ERROR);
    }

    private static QtlsFatalAlert offer(QtlsProtocol p, byte[] b) {
        try {
            p.offerInput(b);
            return null;
        } catch (QtlsFatalAlert e) {
            return e;
        }
    }

    /**
     * Seeded fuzzing: an honest client's stream with random corruption (bit flips, truncation,
     * inserted garbage, dropped records) fed to a server, and an honest server's stream fed to a
     * client. Every outcome is either success or a QtlsFatalAlert; nothing else escapes and the
     * pump always settles.
     */
    @Test
    void corruptedStreamsNeverCrashOrHang() throws Exception {
        long seed = 24;
        Random rnd = new Random(seed);
        for (int round = 0; round < 150; round++) {
            Agents a = new Agents(100 + round, 0.0, NoCorrectionDiscussion.factory(4096));
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            c.connect();
            int mode = round % 4;
            UnaryOperator<byte[]> corrupt =
                    chunk -> {
                        if (chunk.length == 0 || rnd.nextInt(3) != 0) {
                            return chunk;
                        }
                        byte[] x = chunk.clone();
                        switch (mode) {
                            case 0 -> x[rnd.nextInt(x.length)] ^= (byte) (1 << rnd.nextInt(8));
                            case 1 -> x = java.util.Arrays.copyOf(x, rnd.nextInt(x.length));
                            case 2 -> {
                                ByteArrayOutputStream o = new ByteArrayOutputStream();
                                int at = rnd.nextInt(x.length);
                                o.write(x, 0, at);
                                byte[] g = new byte[1 + rnd.nextInt(40)];
                                rnd.nextBytes(g);
                                o.write(g, 0, g.length);
                                o.write(x, at, x.length - at);
                                x = o.toByteArray();
                            }
                            default -> {
                                for (int i = 0; i < 5; i++) {
                                    x[rnd.nextInt(x.length)] = (byte) rnd.nextInt();
                                }
                            }
                        }
                        return x;
                    };
            boolean toServer = round % 2 == 0;
            try {
                Pump.run(
                        c,
                        s,
                        round % 3 == 0,
                        toServer ? corrupt : UnaryOperator.identity(),
                        toServer ? UnaryOperator.identity() : corrupt);
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "round " + round + " (seed " + seed + ") escaped: " + e, e);
            }
            // Either both established, or whoever failed did so with an alert.
            for (QtlsProtocol p : List.of(c, s)) {
                assertThat(p.phase())
                        .as("round %d seed %d", round, seed)
                        .isIn(
                                QtlsProtocol.Phase.ESTABLISHED,
                                QtlsProtocol.Phase.FAILED,
                                QtlsProtocol.Phase.HANDSHAKING);
                if (p.phase() == QtlsProtocol.Phase.FAILED) {
                    assertThat(p.failure().description())
                            .isNotEqualTo(AlertDescription.INTERNAL_ERROR);
                }
            }
        }
    }
}
