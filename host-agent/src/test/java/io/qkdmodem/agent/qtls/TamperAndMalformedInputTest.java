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

    /**
     * At 2 % QBER Cascade has work to do (at 0 % every block is even and no parity is asked), so a
     * tampered Cascade message reaches Bob's searches: a bit flipped in CascadeStart (0x03), a
     * ParityRequest (0x04) or a ParityReply (0x05), first or later in the discussion, must end the
     * handshake with an alert on both sides (it once made Bob loop until the heap ran out).
     */
    @Test
    void tamperedCascadeMessagesAtTwoPercentEndWithAnAlert() throws Exception {
        long seed = 25;
        Random rnd = new Random(seed);
        for (int which : new int[] {0x03, 0x04, 0x05}) {
            for (int occurrence : which == 0x03 ? new int[] {0} : new int[] {0, 7, 40}) {
                boolean lastByte = occurrence == 0;
                CascadeTamperer t = new CascadeTamperer(which, occurrence, lastByte, rnd);
                Agents a = new Agents(seed + which, 0.02, PostProcessingDiscussion.factory());
                QtlsClientProtocol c = a.newClient();
                QtlsServerProtocol s = a.newServer();
                c.connect();
                Pump.Outcome o = Pump.run(c, s, false, t.direction(), t.direction());
                String what = "Cascade message 0x0" + which + " #" + occurrence + ", seed " + seed;
                assertThat(t.tampered).as(what).isTrue();
                assertThat(c.isHandshakeComplete() || s.isHandshakeComplete()).as(what).isFalse();
                assertThat(o.clientFailure()).as(what).isNotNull();
                assertThat(o.serverFailure()).as(what).isNotNull();
                QtlsFatalAlert first =
                        o.clientFailure().receivedFromPeer()
                                ? o.serverFailure()
                                : o.clientFailure();
                System.out.println(what + ": " + first.description() + ": " + first.getMessage());
                assertThat(first.description())
                        .as(what)
                        .isIn(
                                AlertDescription.ILLEGAL_PARAMETER,
                                AlertDescription.DECODE_ERROR,
                                AlertDescription.UNEXPECTED_MESSAGE,
                                AlertDescription.KEY_DISTILLATION_FAILED,
                                AlertDescription.DECRYPT_ERROR);
                assertThat(c.phase()).as(what).isEqualTo(QtlsProtocol.Phase.FAILED);
                assertThat(s.phase()).as(what).isEqualTo(QtlsProtocol.Phase.FAILED);
            }
        }
    }

    /**
     * Flips one bit in the {@code occurrence}-th BB84 discussion message of type {@code which}: the
     * lowest bit of its last byte, or a random bit after the message's type byte.
     */
    private static final class CascadeTamperer {
        private final java.util.concurrent.atomic.AtomicInteger seen =
                new java.util.concurrent.atomic.AtomicInteger();
        private final int which;
        private final int occurrence;
        private final boolean lastByte;
        private final Random rnd;
        private volatile boolean tampered;

        CascadeTamperer(int which, int occurrence, boolean lastByte, Random rnd) {
            this.which = which;
            this.occurrence = occurrence;
            this.lastByte = lastByte;
            this.rnd = rnd;
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
                    // fragment: handshake type, u24 length, then the discussion message (its
                    // type at fragment offset 7, as in KeyRefreshTest)
                    if (type == io.qkdmodem.agent.qtls.ContentType.HANDSHAKE
                            && len > 12
                            && (out[pos + 5] & 0xFF) == HandshakeType.BB84_DISCUSSION
                            && (out[pos + 12] & 0xFF) == which
                            && seen.getAndIncrement() == occurrence) {
                        // a random bit after the type and the u32 count; in the last byte only
                        // bit 0 (the others may be padding, which the decoder refuses)
                        int body = pos + 5 + 12;
                        int at =
                                lastByte
                                        ? pos + 5 + len - 1
                                        : body + rnd.nextInt(pos + 5 + len - body);
                        boolean last = at == pos + 5 + len - 1;
                        out[at] ^= (byte) (last ? 1 : 1 << rnd.nextInt(8));
                        tampered = true;
                    }
                    pos += 5 + len;
                }
                return out;
            };
        }
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
