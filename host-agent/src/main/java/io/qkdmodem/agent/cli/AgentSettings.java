package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.qtls.AuthenticationOrder;
import io.qkdmodem.agent.qtls.CipherSuite;
import io.qkdmodem.agent.qtls.QtlsConfig;
import io.qkdmodem.agent.qtls.crypto.JcaQtlsCrypto;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.discussion.SourceModel;
import io.qkdmodem.agent.qtls.keysource.ModemSiftedKeySource;
import io.qkdmodem.agent.qtls.keysource.SeededSimulatedKeySource;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import io.qkdmodem.hal.serial.JSerialCommLink;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.hal.serial.SerialLinkException;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.qkdconfig.TtlUnit;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.session.ProtocolException;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The agent's configuration file (Java properties). Every setting, its meaning and default:
 *
 * <pre>
 * listen            host:port to listen on (serve: Quantum TLS; tunnel: plain TCP)
 * forward           serve: host:port of the local service each connection goes to
 * peer              tunnel: host:port of the peer agent's serve
 * certificate       PEM file: own certificate chain, leaf first
 * private-key       PEM file: the leaf's private key (ECDSA P-256 or Ed25519)
 * trust             PEM file: certificate(s) the peer's chain must lead to
 * order             default | paper                                  (default)
 * cipher-suites     comma-separated suite names, in preference order (AES-GCM, ChaCha20, OTP)
 * qkd.profile       paper: the paper's example (BB84 v1, 20-byte key, TTL 200 messages)
 * qkd.key-length    bytes of K, the pre_master_secret                (32)
 * qkd.ttl           TTL value                                        (3600)
 * qkd.ttl-unit      seconds | messages                               (seconds)
 * sifted-bits       sifted bits reserved per handshake (server); with the weak-coherent model
 *                   one whole modem key block of at least this many  (weak-coherent 1048576,
 *                   bits (the modems' block.target-bits must reach it) single-photon 65536)
 *                   (the firmware's default block.target-bits, 8192, does not; the agent says so
 *                   when the modem's stored blocks are all smaller)
 * source-model      weak-coherent | single-photon: how the key length is bounded. weak-coherent
 *                   (a laser's weak pulses): the decoy-state bound of Lim et al. 2014 on each
 *                   block's counts, which the modems deliver for a decoy protocol; a block
 *                   without them is refused. single-photon: the bound of Tomamichel et al. 2012,
 *                   sound for an ideal single-photon source only  (modem: weak-coherent;
 *                                                                    simulated: single-photon)
 * source.mu, source.nu, source.p-signal, source.p-decoy   weak-coherent: the modems' intensity.*
 *                   settings (signal and decoy mean photon numbers, class probabilities; the rest
 *                   are vacuum pulses)                                (0.5, 0.15, 0.5, 0.35)
 *                   Each block's pulses per class are checked against the probabilities (6
 *                   binomial standard deviations); a block that contradicts them is refused.
 * replenish-bytes   final-key bytes each handshake and key refresh hands back to each modem's
 *                   authentication pool; a positive multiple of 32 (one 32-byte tag-key window
 *                   per key block), at most 4096. The server's value governs: it is announced in
 *                   SiftedKeyReference and the client uses it (docs/security.md,
 *                   "Authentication pool budget")                    (128)
 * qber-threshold    abort above this QBER estimate                   (0.11)
 * max-connections   concurrent connections (serve)                   (64)
 * handshake-timeout seconds                                          (30)
 * keysource         modem | simulated                                (simulated)
 * keysource.serial  modem: serial port path, e.g. /dev/ttyUSB0
 * keysource.baud    modem: baud rate                                 (115200)
 * keysource.pairing-secret  modem: file with the pairing secret, hex (written by pair)
 * keysource.host-id modem: this host's id toward the modem           (host-agent)
 * keysource.seed    simulated: shared seed of both agents (NOT secret: a demo source)
 * keysource.insecure-simulated  true: let serve/tunnel run on the simulated source, whose key
 *                   is NOT SECRET (same as --insecure-simulated-key)  (false)
 * keysource.qber    simulated: bit-error rate of the simulated link  (0.02)
 * </pre>
 */
final class AgentSettings {
    private final Properties p;
    private final Path base;

    private AgentSettings(Properties p, Path base) {
        this.p = p;
        this.base = base;
    }

    static AgentSettings load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Path parent = file.toAbsolutePath().getParent();
        return new AgentSettings(p, parent);
    }

    String get(String key, String dflt) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    String require(String key) {
        String v = get(key, null);
        if (v == null) {
            throw new IllegalArgumentException("configuration: '" + key + "' is required");
        }
        return v;
    }

    InetSocketAddress address(String key) {
        String v = require(key);
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("configuration: '" + key + "' must be host:port");
        }
        try {
            return new InetSocketAddress(
                    v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration: '" + key + "' must be host:port");
        }
    }

    int integer(String key, int dflt) {
        try {
            return Integer.parseInt(get(key, String.valueOf(dflt)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration: '" + key + "' must be an integer");
        }
    }

    double decimal(String key, double dflt) {
        try {
            return Double.parseDouble(get(key, String.valueOf(dflt)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration: '" + key + "' must be a number");
        }
    }

    /** The key source; {@code alice} for the serving (server) side. */
    SiftedKeySource keySource(boolean alice) throws IOException {
        String kind = get("keysource", "simulated");
        return switch (kind) {
            case "simulated" ->
                    new SeededSimulatedKeySource(
                            require("keysource.seed"), decimal("keysource.qber", 0.02), alice);
            case "modem" ->
                    sourceModel() == SourceModel.WEAK_COHERENT
                            ? ModemSiftedKeySource.withDecoyModel(
                                    connectModem(), decoyIntensities(), decoyProbabilities())
                            : new ModemSiftedKeySource(connectModem());
            default ->
                    throw new IllegalArgumentException(
                            "configuration: keysource must be simulated or modem, not '"
                                    + kind
                                    + "'");
        };
    }

    /**
     * The source model: {@code source-model}, by default weak-coherent with a modem (real modems
     * send weak laser pulses) and single-photon with the simulated source (which has no counts).
     */
    SourceModel sourceModel() {
        String dflt = usesModem() ? "weak-coherent" : "single-photon";
        return switch (get("source-model", dflt)) {
            case "weak-coherent" -> SourceModel.WEAK_COHERENT;
            case "single-photon" -> SourceModel.SINGLE_PHOTON;
            default ->
                    throw new IllegalArgumentException(
                            "configuration: source-model must be weak-coherent or single-photon");
        };
    }

    /** Signal, decoy and vacuum mean photon numbers of the modems' decoy protocol. */
    double[] decoyIntensities() {
        return new double[] {decimal("source.mu", 0.5), decimal("source.nu", 0.15), 0};
    }

    /** Signal, decoy and vacuum probabilities of the modems' decoy protocol. */
    double[] decoyProbabilities() {
        double ps = decimal("source.p-signal", 0.5);
        double pd = decimal("source.p-decoy", 0.35);
        return new double[] {ps, pd, 1 - ps - pd};
    }

    /** Sifted bits per handshake: the weak-coherent model needs big blocks (docs/security.md). */
    int siftedBitsPerHandshake() {
        return integer(
                "sifted-bits", sourceModel() == SourceModel.WEAK_COHERENT ? 1 << 20 : 1 << 16);
    }

    /** Replenish slice per handshake/refresh; validated as QtlsConfig validates it. */
    int replenishBytes() {
        int v = integer("replenish-bytes", QtlsConfig.DEFAULT_REPLENISH_BYTES);
        String problem = io.qkdmodem.agent.qtls.message.SiftedKeyReference.replenishProblem(v);
        if (problem != null) {
            throw new IllegalArgumentException("configuration: 'replenish-bytes': " + problem);
        }
        return v;
    }

    boolean usesModem() {
        return "modem".equals(get("keysource", "simulated"));
    }

    /** The pairing secret file (hex text, at least 16 bytes). */
    Path pairingSecretFile() {
        return path(require("keysource.pairing-secret"));
    }

    /** Opens the modem's serial port and authenticates with the pairing secret. */
    ModemClient connectModem() throws IOException {
        Path secretFile = pairingSecretFile();
        if (!Files.exists(secretFile)) {
            throw new IllegalArgumentException(
                    "configuration: pairing secret " + secretFile + " does not exist (run pair)");
        }
        byte[] secret;
        try {
            secret = HexFormat.of().parseHex(Files.readString(secretFile).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration: pairing secret must be hex text");
        }
        SerialConfig serial =
                SerialConfig.builder(require("keysource.serial"))
                        .baud(integer("keysource.baud", SerialConfig.DEFAULT_BAUD))
                        .build();
        try {
            JSerialCommLink link = JSerialCommLink.open(serial);
            try {
                return ModemClient.connect(
                        link,
                        HostConfig.builder(
                                        get("keysource.host-id", "host-agent")
                                                .getBytes(StandardCharsets.US_ASCII),
                                        PairingSecret.of(secret))
                                .build());
            } catch (ProtocolException e) {
                link.close();
                throw new IOException("modem: " + e.getMessage(), e);
            }
        } catch (SerialLinkException e) {
            throw new IOException("serial port: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    QkdConfigMessage qkdConfiguration() {
        if ("paper".equals(get("qkd.profile", ""))) {
            return QkdConfigProfile.PAPER_BB84.message();
        }
        TtlUnit unit =
                switch (get("qkd.ttl-unit", "seconds").toLowerCase(Locale.ROOT)) {
                    case "seconds" -> TtlUnit.SECONDS;
                    case "messages" -> TtlUnit.MESSAGES;
                    default ->
                            throw new IllegalArgumentException(
                                    "configuration: qkd.ttl-unit must be seconds or messages");
                };
        return QkdConfigProfile.PAPER_BB84.message().toBuilder()
                .keyLengthBytes(integer("qkd.key-length", 32))
                .ttl(integer("qkd.ttl", 3600), unit)
                .build();
    }

    /** The setting and flag that let serve/tunnel run on a simulated (not secret) key source. */
    static final String INSECURE_SIMULATED_SETTING = "keysource.insecure-simulated";

    static final String INSECURE_SIMULATED_FLAG = "--insecure-simulated-key";

    /**
     * The key source for serve/tunnel. A simulated source (its key is derivable by anyone who has
     * the seed) is refused unless the operator consented with {@value #INSECURE_SIMULATED_FLAG} or
     * {@code keysource.insecure-simulated = true}: a demo configuration must never carry real
     * traffic by accident.
     */
    SiftedKeySource keySourceForTraffic(boolean alice, boolean insecureFlag) throws IOException {
        SiftedKeySource src = keySource(alice);
        if (src.isSimulated()
                && !insecureFlag
                && !Boolean.parseBoolean(get(INSECURE_SIMULATED_SETTING, "false"))) {
            throw new IllegalArgumentException(
                    "keysource is simulated: its sifted key derives from a shared seed and is NOT"
                            + " SECRET; refusing to carry traffic. Use keysource = modem, or for a"
                            + " demonstration pass "
                            + INSECURE_SIMULATED_FLAG
                            + " (or set "
                            + INSECURE_SIMULATED_SETTING
                            + " = true)");
        }
        return src;
    }

    QtlsConfig qtlsConfig(boolean server) throws IOException {
        return qtlsConfig(server, keySource(server));
    }

    QtlsConfig qtlsConfig(boolean server, SiftedKeySource source) throws IOException {
        List<X509Certificate> chain = certificates(require("certificate"));
        List<X509Certificate> trust = certificates(require("trust"));
        PrivateKey key = privateKey(require("private-key"));
        AuthenticationOrder order =
                switch (get("order", "default")) {
                    case "default" -> AuthenticationOrder.DEFAULT;
                    case "paper" -> AuthenticationOrder.PAPER;
                    default ->
                            throw new IllegalArgumentException(
                                    "configuration: order must be default or paper");
                };
        QtlsConfig.Builder b =
                QtlsConfig.builder()
                        .crypto(new JcaQtlsCrypto())
                        .identity(chain, key)
                        .trustAnchors(trust)
                        .authenticationOrder(order)
                        .qkdConfiguration(qkdConfiguration())
                        .keySource(source)
                        .discussionFactory(PostProcessingDiscussion.factory(sourceModel()))
                        .discussionParameters(
                                new DiscussionParameters(
                                        decimal("qber-threshold", 0.11),
                                        DiscussionParameters.DEFAULT.sampleFraction(),
                                        DiscussionParameters.DEFAULT.securityExponent()))
                        .siftedBitsPerHandshake(siftedBitsPerHandshake())
                        .replenishBytes(replenishBytes())
                        .handshakeTimeout(Duration.ofSeconds(integer("handshake-timeout", 30)));
        String suites = get("cipher-suites", null);
        if (suites != null) {
            List<CipherSuite> list = new ArrayList<>();
            for (String s : suites.split(",")) {
                try {
                    list.add(CipherSuite.valueOf(s.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "configuration: unknown cipher suite " + s.trim());
                }
            }
            b.cipherSuites(list);
        }
        return b.build();
    }

    private Path path(String v) {
        Path p = Path.of(v);
        return p.isAbsolute() ? p : base.resolve(p);
    }

    private List<X509Certificate> certificates(String file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser r = new PEMParser(Files.newBufferedReader(path(file)))) {
            Object o;
            JcaX509CertificateConverter conv =
                    new JcaX509CertificateConverter().setProvider(JcaQtlsCrypto.provider());
            while ((o = r.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(conv.getCertificate(h));
                }
            }
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + ": not a valid certificate", e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no certificate found");
        }
        return out;
    }

    private PrivateKey privateKey(String file) throws IOException {
        try (PEMParser r = new PEMParser(Files.newBufferedReader(path(file)))) {
            Object o = r.readObject();
            JcaPEMKeyConverter conv =
                    new JcaPEMKeyConverter().setProvider(JcaQtlsCrypto.provider());
            if (o instanceof PEMKeyPair kp) {
                return conv.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new IOException(file + ": no unencrypted private key found");
        }
    }
}
