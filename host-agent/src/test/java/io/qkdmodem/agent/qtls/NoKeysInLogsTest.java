package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.discussion.Bb84Discussion;
import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
import io.qkdmodem.agent.qtls.discussion.DistillationResult;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.Pump;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every log line of a full handshake at DEBUG level, successful and failing, is free of the sifted
 * key, the final key and K (as 8-byte windows in hex of either case, base64 and the decimal form of
 * {@code Arrays.toString}), and so are the session's toString()s.
 */
class NoKeysInLogsTest {

    @Test
    void handshakeLogsNameSizesAndReferencesOnly() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger("io.qkdmodem");
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.start();
        root.addAppender(list);
        root.setLevel(Level.DEBUG);
        List<byte[]> secrets = new ArrayList<>();
        try {
            DiscussionFactory real = PostProcessingDiscussion.factory();
            DiscussionFactory capturing =
                    new DiscussionFactory() {
                        @Override
                        public Bb84Discussion alice(
                                SiftedKey k, DiscussionParameters p, SecureRandom r) {
                            secrets.add(k.copyBits());
                            return capture(real.alice(k, p, r), secrets);
                        }

                        @Override
                        public Bb84Discussion bob(SiftedKey k, DiscussionParameters p) {
                            secrets.add(k.copyBits());
                            return capture(real.bob(k, p), secrets);
                        }
                    };
            Agents a = new Agents(61, 0.02, capturing);
            QtlsClientProtocol c = a.newClient();
            QtlsServerProtocol s = a.newServer();
            c.connect();
            Pump.run(c, s);
            assertThat(c.isHandshakeComplete()).isTrue();
            c.writeApplicationData(new byte[100]);
            Pump.run(c, s);
            c.close();
            // And a failing one.
            Agents bad = new Agents(62, 0.3, capturing);
            QtlsClientProtocol c2 = bad.newClient();
            c2.connect();
            Pump.run(c2, bad.newServer());
            StringBuilder all = new StringBuilder();
            for (ILoggingEvent e : list.list) {
                all.append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) {
                    all.append(e.getThrowableProxy().getMessage()).append('\n');
                }
            }
            all.append(c.sessionInfo()).append(s.sessionInfo());
            String text = all.toString();
            assertThat(list.list).isNotEmpty();
            assertThat(secrets).hasSizeGreaterThan(3);
            for (byte[] secret : secrets) {
                assertNoWindowOf(secret, text);
            }
        } finally {
            root.detachAppender(list);
            root.setLevel(before);
        }
    }

    /**
     * In-band key refreshes, one that succeeds and one whose KeyRefreshFinished is tampered: no log
     * line and no exception message carries a byte window of any sifted or final key.
     */
    @Test
    void keyRefreshLogsAndAlertsCarryNoKey() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger("io.qkdmodem");
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.start();
        root.addAppender(list);
        root.setLevel(Level.DEBUG);
        List<byte[]> secrets = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        try {
            DiscussionFactory real = PostProcessingDiscussion.factory();
            DiscussionFactory capturing =
                    new DiscussionFactory() {
                        @Override
                        public Bb84Discussion alice(
                                SiftedKey k, DiscussionParameters p, SecureRandom r) {
                            secrets.add(k.copyBits());
                            return capture(real.alice(k, p, r), secrets);
                        }

                        @Override
                        public Bb84Discussion bob(SiftedKey k, DiscussionParameters p) {
                            secrets.add(k.copyBits());
                            return capture(real.bob(k, p), secrets);
                        }
                    };
            for (boolean tamper : new boolean[] {false, true}) {
                Agents a = new Agents(tamper ? 64 : 63, 0.02, capturing);
                a.client.qkdConfiguration(
                        io.qkdmodem.protocol.qkdconfig.QkdConfigProfile.PAPER_BB84
                                .message()
                                .toBuilder()
                                .ttl(1, io.qkdmodem.protocol.qkdconfig.TtlUnit.MESSAGES)
                                .build());
                QtlsClientProtocol c = a.newClient();
                QtlsServerProtocol s = a.newServer();
                c.connect();
                Pump.run(c, s);
                c.writeApplicationData(new byte[(int) c.keyPoolAvailable()[0] + 100]);
                java.util.function.UnaryOperator<byte[]> flipFinished =
                        chunk -> {
                            byte[] out = chunk.clone();
                            if (tamper
                                    && out.length > 5
                                    && out[0] == ContentType.QKD_KEY_REFRESH
                                    && (out[5] & 0xFF)
                                            == io.qkdmodem.agent.qtls.message.HandshakeType
                                                    .KEY_REFRESH_FINISHED) {
                                out[out.length - 1] ^= 1;
                            }
                            return out;
                        };
                Pump.Outcome o = Pump.run(c, s, false, flipFinished, flipFinished);
                if (tamper) {
                    assertThat(o.clientFailure()).isNotNull();
                } else {
                    assertThat(c.keyRefreshes()).isEqualTo(1);
                }
                for (QtlsFatalAlert f :
                        new QtlsFatalAlert[] {o.clientFailure(), o.serverFailure()}) {
                    if (f != null) {
                        all.append(f.getMessage()).append(f).append('\n');
                    }
                }
                all.append(c.sessionInfo()).append(s.sessionInfo());
            }
            for (ILoggingEvent e : list.list) {
                all.append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) {
                    all.append(e.getThrowableProxy().getMessage()).append('\n');
                }
            }
            String text = all.toString();
            assertThat(text.toLowerCase()).contains("key refresh 1 done");
            assertThat(secrets).hasSizeGreaterThan(6);
            for (byte[] secret : secrets) {
                assertNoWindowOf(secret, text);
            }
        } finally {
            root.detachAppender(list);
            root.setLevel(before);
        }
    }

    /**
     * Fails if {@code text} holds any window of the first 256 bytes of {@code secret} in a form a
     * careless log line would print: hex (any case, 8 bytes), base64 (standard or URL-safe, 9 bytes
     * at any alignment, so every base64 encoding of a longer run holds one) or the decimal list of
     * {@code Arrays.toString} (8 bytes).
     */
    static void assertNoWindowOf(byte[] secret, String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        int end = Math.min(secret.length, 256);
        for (int off = 0; off + 8 <= end; off++) {
            byte[] window = Arrays.copyOfRange(secret, off, off + 8);
            assertThat(lower).doesNotContain(HexFormat.of().formatHex(window));
            String decimal = Arrays.toString(window);
            assertThat(text).doesNotContain(decimal.substring(1, decimal.length() - 1));
            if (off + 9 <= end) {
                byte[] nine = Arrays.copyOfRange(secret, off, off + 9);
                assertThat(text).doesNotContain(java.util.Base64.getEncoder().encodeToString(nine));
                assertThat(text)
                        .doesNotContain(java.util.Base64.getUrlEncoder().encodeToString(nine));
            }
        }
    }

    @Test
    void theCheckSeesEveryFormItLooksFor() {
        byte[] secret = new byte[40];
        new java.util.Random(7).nextBytes(secret);
        byte[] part = Arrays.copyOfRange(secret, 5, 30);
        for (String leak :
                new String[] {
                    HexFormat.of().formatHex(part),
                    HexFormat.of().withUpperCase().formatHex(part),
                    java.util.Base64.getEncoder().encodeToString(part),
                    java.util.Base64.getUrlEncoder().encodeToString(part),
                    Arrays.toString(part)
                }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> assertNoWindowOf(secret, "key is " + leak + " oops"))
                    .as(leak)
                    .isInstanceOf(AssertionError.class);
        }
        assertNoWindowOf(secret, "key of 40 bytes, ref 3");
    }

    private static Bb84Discussion capture(Bb84Discussion inner, List<byte[]> secrets) {
        return new Bb84Discussion() {
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
                byte[] f = r.finalKey().extract();
                secrets.add(f.clone());
                return new DistillationResult(
                        QtlsSecret.adopt(f),
                        r.qber(),
                        r.siftedBits(),
                        r.disclosedBits(),
                        r.leakedBits());
            }

            @Override
            public void destroy() {
                inner.destroy();
            }
        };
    }
}
