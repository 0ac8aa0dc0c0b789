package io.qkdmodem.agent.qtls.testing;

import io.qkdmodem.agent.qtls.AuthenticationOrder;
import io.qkdmodem.agent.qtls.QtlsClientProtocol;
import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.QtlsServerProtocol;
import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.keysource.InMemorySiftedKeySources;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/** Two agents' configurations sharing a PKI and a pair of in-memory key sources. */
public final class Agents {
    private static final TestPki PKI = new TestPki("qkd-test-ca");
    public static final TestPki.Identity SERVER = PKI.ecdsa("server-agent");
    public static final TestPki.Identity CLIENT = PKI.ed25519("client-agent");

    public final InMemorySiftedKeySources keys;
    public QtlsConfig.Builder client;
    public QtlsConfig.Builder server;

    public Agents(long seed, double ber, DiscussionFactory discussion) {
        this(seed, ber, discussion, Long.MAX_VALUE);
    }

    /** Agents whose modems hold {@code capacityBits} sifted bits in all. */
    public Agents(long seed, double ber, DiscussionFactory discussion, long capacityBits) {
        this.keys = new InMemorySiftedKeySources(seed, ber, capacityBits);
        Clock clock = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
        SecureRandom cr = seeded(seed * 31 + 1);
        SecureRandom sr = seeded(seed * 31 + 2);
        this.client =
                QtlsConfig.builder()
                        .crypto(new JcaQtlsCrypto(cr))
                        .identity(CLIENT.chain(), CLIENT.key())
                        .trustAnchors(List.of(PKI.ca))
                        .keySource(keys.bob())
                        .discussionFactory(discussion)
                        .clock(clock);
        this.server =
                QtlsConfig.builder()
                        .crypto(new JcaQtlsCrypto(sr))
                        .identity(SERVER.chain(), SERVER.key())
                        .trustAnchors(List.of(PKI.ca))
                        .keySource(keys.alice())
                        .discussionFactory(discussion)
                        .clock(clock);
    }

    public static TestPki pki() {
        return PKI;
    }

    public Agents order(AuthenticationOrder o) {
        client.authenticationOrder(o);
        server.authenticationOrder(o);
        return this;
    }

    public QtlsClientProtocol newClient() {
        return new QtlsClientProtocol(client.build());
    }

    public QtlsServerProtocol newServer() {
        return new QtlsServerProtocol(server.build());
    }

    /** A deterministic SecureRandom (SHA1PRNG seeded before first use). */
    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
