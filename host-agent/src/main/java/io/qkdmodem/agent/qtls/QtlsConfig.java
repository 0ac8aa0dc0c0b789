package io.qkdmodem.agent.qtls;

import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import io.qkdmodem.agent.qtls.crypto.QtlsCrypto;
import io.qkdmodem.agent.qtls.crypto.SignatureScheme;
import io.qkdmodem.agent.qtls.discussion.DiscussionFactory;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import io.qkdmodem.agent.qtls.message.SiftedKeyReference;
import io.qkdmodem.protocol.qkdconfig.QkdAuthentication;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.qkdconfig.QkdEncoding;
import io.qkdmodem.protocol.qkdconfig.QkdProtocol;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The policy side of a Quantum TLS endpoint (BC TLS's {@code TlsPeer}): identity, trust, suites,
 * the QKD Configuration it proposes or accepts, where sifted key comes from, how the discussion is
 * run, and time. Immutable; {@link Builder#build()} rejects inconsistent settings with the rule.
 */
public final class QtlsConfig {
    /** Shortest pre_master_secret K we accept (Key-Length field), in bytes. */
    public static final int MIN_KEY_LENGTH = 16;

    /** Largest Key-Length we accept, in bytes. */
    public static final int MAX_KEY_LENGTH = 4096;

    /**
     * Default replenish slice: four blocks' worth of the modems' tag keys (32 bytes, two
     * Wegman-Carter tags, per key block), so the authentication pools grow even when every other
     * block is rejected or too small (docs/security.md, "Authentication pool budget").
     */
    public static final int DEFAULT_REPLENISH_BYTES = 128;

    private final QtlsCrypto crypto;
    private final List<X509Certificate> certificateChain;
    private final PrivateKey privateKey;
    private final List<X509Certificate> trustAnchors;
    private final List<CipherSuite> cipherSuites;
    private final AuthenticationOrder authenticationOrder;
    private final QkdConfigMessage qkdConfiguration;
    private final SiftedKeySource keySource;
    private final DiscussionFactory discussionFactory;
    private final DiscussionParameters discussionParameters;
    private final int siftedBitsPerHandshake;
    private final int replenishBytes;
    private final Clock clock;
    private final Duration handshakeTimeout;
    private final int ttlGraceSeconds;

    private QtlsConfig(Builder b) {
        this.crypto = b.crypto;
        this.certificateChain = List.copyOf(b.certificateChain);
        this.privateKey = b.privateKey;
        this.trustAnchors = List.copyOf(b.trustAnchors);
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.authenticationOrder = b.authenticationOrder;
        this.qkdConfiguration = b.qkdConfiguration;
        this.keySource = b.keySource;
        this.discussionFactory = b.discussionFactory;
        this.discussionParameters = b.discussionParameters;
        this.siftedBitsPerHandshake = b.siftedBitsPerHandshake;
        this.replenishBytes = b.replenishBytes;
        this.clock = b.clock;
        this.handshakeTimeout = b.handshakeTimeout;
        this.ttlGraceSeconds = b.ttlGraceSeconds;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.crypto = crypto;
        b.certificateChain = certificateChain;
        b.privateKey = privateKey;
        b.trustAnchors = trustAnchors;
        b.cipherSuites = cipherSuites;
        b.authenticationOrder = authenticationOrder;
        b.qkdConfiguration = qkdConfiguration;
        b.keySource = keySource;
        b.discussionFactory = discussionFactory;
        b.discussionParameters = discussionParameters;
        b.siftedBitsPerHandshake = siftedBitsPerHandshake;
        b.replenishBytes = replenishBytes;
        b.clock = clock;
        b.handshakeTimeout = handshakeTimeout;
        b.ttlGraceSeconds = ttlGraceSeconds;
        return b;
    }

    /**
     * Whether a server with this policy accepts a proposed QKD Configuration; null when it does,
     * otherwise the reason (for the unsupported_qkd_configuration alert).
     */
    public String refusalReason(QkdConfigMessage proposed) {
        if (proposed.protocol() != QkdProtocol.BB84) {
            return "protocol " + proposed.protocol() + " is not supported (only BB84)";
        }
        if (proposed.version() != 1) {
            return "BB84 version " + proposed.version() + " is not supported (only 1)";
        }
        if (proposed.authentication() != QkdAuthentication.NONE) {
            return "authentication " + proposed.authentication() + " is not supported";
        }
        if (proposed.encoding() != QkdEncoding.NONE) {
            return "encoding " + proposed.encoding() + " is not supported";
        }
        if (proposed.keyLengthBytes() < MIN_KEY_LENGTH
                || proposed.keyLengthBytes() > MAX_KEY_LENGTH) {
            return "Key-Length "
                    + proposed.keyLengthBytes()
                    + " outside "
                    + MIN_KEY_LENGTH
                    + ".."
                    + MAX_KEY_LENGTH;
        }
        if (proposed.content().length != 0) {
            return "Content must be empty";
        }
        return null;
    }

    public QtlsCrypto crypto() {
        return crypto;
    }

    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public SignatureScheme signatureScheme() {
        return SignatureScheme.forKey(privateKey);
    }

    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    public AuthenticationOrder authenticationOrder() {
        return authenticationOrder;
    }

    public QkdConfigMessage qkdConfiguration() {
        return qkdConfiguration;
    }

    public SiftedKeySource keySource() {
        return keySource;
    }

    public DiscussionFactory discussionFactory() {
        return discussionFactory;
    }

    public DiscussionParameters discussionParameters() {
        return discussionParameters;
    }

    public int siftedBitsPerHandshake() {
        return siftedBitsPerHandshake;
    }

    public int replenishBytes() {
        return replenishBytes;
    }

    public Clock clock() {
        return clock;
    }

    /** How long a driver lets a handshake take before it gives up (drivers enforce it). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Seconds a reader tolerates beyond a seconds-TTL before it raises ttl_exceeded. */
    public int ttlGraceSeconds() {
        return ttlGraceSeconds;
    }

    /** Builder with documented defaults. */
    public static final class Builder {
        private QtlsCrypto crypto = new JcaQtlsCrypto();
        private List<X509Certificate> certificateChain = List.of();
        private PrivateKey privateKey;
        private List<X509Certificate> trustAnchors = List.of();
        private List<CipherSuite> cipherSuites =
                List.of(
                        CipherSuite.QKD_BB84_WITH_AES_256_GCM_SHA256,
                        CipherSuite.QKD_BB84_WITH_CHACHA20_POLY1305_SHA256,
                        CipherSuite.QKD_BB84_WITH_OTP_WEGMAN_CARTER_SHA256);
        private AuthenticationOrder authenticationOrder = AuthenticationOrder.DEFAULT;
        private QkdConfigMessage qkdConfiguration = defaultConfiguration();
        private SiftedKeySource keySource;
        private DiscussionFactory discussionFactory;
        private DiscussionParameters discussionParameters = DiscussionParameters.DEFAULT;
        private int siftedBitsPerHandshake = 1 << 16;
        private int replenishBytes = DEFAULT_REPLENISH_BYTES;
        private Clock clock = Clock.systemUTC();
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private int ttlGraceSeconds = 2;

        /** BB84 v1, a 32-byte K, TTL 3600 seconds (T = 1), no authentication or encoding. */
        public static QkdConfigMessage defaultConfiguration() {
            return QkdConfigProfile.PAPER_BB84.message().toBuilder()
                    .keyLengthBytes(32)
                    .ttl(3600, io.qkdmodem.protocol.qkdconfig.TtlUnit.SECONDS)
                    .build();
        }

        public Builder crypto(QtlsCrypto v) {
            this.crypto = v;
            return this;
        }

        /**
         * The own certificate chain, leaf first, and the leaf's private key (ECDSA P-256 or
         * Ed25519).
         */
        public Builder identity(List<X509Certificate> chain, PrivateKey key) {
            this.certificateChain = chain;
            this.privateKey = key;
            return this;
        }

        /** The certificates (usually one CA) that peer chains must lead to. */
        public Builder trustAnchors(List<X509Certificate> v) {
            this.trustAnchors = v;
            return this;
        }

        /** Suites in order of preference. */
        public Builder cipherSuites(List<CipherSuite> v) {
            this.cipherSuites = v;
            return this;
        }

        public Builder authenticationOrder(AuthenticationOrder v) {
            this.authenticationOrder = v;
            return this;
        }

        /** The QKD Configuration a client proposes (a server only checks proposals). */
        public Builder qkdConfiguration(QkdConfigMessage v) {
            this.qkdConfiguration = v;
            return this;
        }

        public Builder keySource(SiftedKeySource v) {
            this.keySource = v;
            return this;
        }

        public Builder discussionFactory(DiscussionFactory v) {
            this.discussionFactory = v;
            return this;
        }

        public Builder discussionParameters(DiscussionParameters v) {
            this.discussionParameters = v;
            return this;
        }

        /** Sifted bits a server reserves per handshake; default 65536, at least 1024. */
        public Builder siftedBitsPerHandshake(int v) {
            this.siftedBitsPerHandshake = v;
            return this;
        }

        /**
         * Final-key bytes each handshake and key refresh hands back to the modem's authentication
         * pool (a server announces it in SiftedKeyReference, a client uses the server's value);
         * default {@value #DEFAULT_REPLENISH_BYTES}, a positive multiple of 32 up to 4096.
         */
        public Builder replenishBytes(int v) {
            this.replenishBytes = v;
            return this;
        }

        public Builder clock(Clock v) {
            this.clock = v;
            return this;
        }

        public Builder handshakeTimeout(Duration v) {
            this.handshakeTimeout = v;
            return this;
        }

        public Builder ttlGraceSeconds(int v) {
            this.ttlGraceSeconds = v;
            return this;
        }

        public QtlsConfig build() {
            Objects.requireNonNull(crypto, "crypto");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(qkdConfiguration, "qkdConfiguration");
            Objects.requireNonNull(discussionParameters, "discussionParameters");
            if (keySource == null) {
                throw new IllegalArgumentException("a sifted-key source is required");
            }
            if (discussionFactory == null) {
                throw new IllegalArgumentException("a discussion factory is required");
            }
            if (certificateChain.isEmpty() || privateKey == null) {
                throw new IllegalArgumentException(
                        "mutual authentication needs an own certificate chain and private key");
            }
            if (SignatureScheme.forKey(privateKey) == null
                    || SignatureScheme.forKey(certificateChain.get(0).getPublicKey()) == null) {
                throw new IllegalArgumentException(
                        "the identity key must be ECDSA P-256 or Ed25519");
            }
            if (trustAnchors.isEmpty()) {
                throw new IllegalArgumentException("at least one trust anchor is required");
            }
            if (cipherSuites.isEmpty()) {
                throw new IllegalArgumentException("at least one cipher suite is required");
            }
            if (siftedBitsPerHandshake < 1024) {
                throw new IllegalArgumentException("siftedBitsPerHandshake must be >= 1024");
            }
            String replenishProblem = SiftedKeyReference.replenishProblem(replenishBytes);
            if (replenishProblem != null) {
                throw new IllegalArgumentException(replenishProblem);
            }
            // F is never longer than the sifted key, and references of one block lie
            // siftedBitsPerHandshake bit offsets apart, which is the pool address room a slice has.
            if (qkdConfiguration.keyLengthBytes() + replenishBytes > siftedBitsPerHandshake / 8) {
                throw new IllegalArgumentException(
                        "replenishBytes "
                                + replenishBytes
                                + " plus Key-Length "
                                + qkdConfiguration.keyLengthBytes()
                                + " exceed what "
                                + siftedBitsPerHandshake
                                + " sifted bits can ever distill");
            }
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive");
            }
            if (ttlGraceSeconds < 0) {
                throw new IllegalArgumentException("ttlGraceSeconds must be >= 0");
            }
            return new QtlsConfig(this);
        }
    }
}
