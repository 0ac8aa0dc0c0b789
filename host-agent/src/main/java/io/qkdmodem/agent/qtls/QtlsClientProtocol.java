package io.qkdmodem.agent.qtls;

import io.qkdmodem.agent.qtls.crypto.QtlsCrypto;
import io.qkdmodem.agent.qtls.crypto.SignatureScheme;
import io.qkdmodem.agent.qtls.discussion.Bb84Discussion;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.KeySourceException;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.message.CertificateRequest;
import io.qkdmodem.agent.qtls.message.ClientHello;
import io.qkdmodem.agent.qtls.message.DecodeException;
import io.qkdmodem.agent.qtls.message.HandshakeType;
import io.qkdmodem.agent.qtls.message.ServerHello;
import io.qkdmodem.agent.qtls.message.ServerHelloDone;
import io.qkdmodem.agent.qtls.message.SiftedKeyReference;
import io.qkdmodem.agent.qtls.record.RecordLayer;
import io.qkdmodem.protocol.qkdconfig.QkdConfigException;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.qkdconfig.TtlUnit;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client engine (the agent beside Bob's modem, paper section 4.5). Flow, default order:
 *
 * <pre>
 * QKD Configuration          --&gt;
 *                            &lt;--  QKD Configuration (echo = accepted)
 * ClientHello                --&gt;
 *                            &lt;--  ServerHello, Certificate, CertificateRequest,
 *                                  SiftedKeyReference, ServerHelloDone
 * Certificate                --&gt;
 * Bb84Discussion ...         &lt;-&gt;  Bb84Discussion ...
 * CertificateVerify, [CCS], Finished --&gt;
 *                            &lt;--  CertificateVerify, [CCS], Finished
 * </pre>
 *
 * In {@link AuthenticationOrder#PAPER} order the client sends CertificateVerify right after its
 * Certificate, before the discussion, and the server sends none.
 */
public final class QtlsClientProtocol extends QtlsProtocol {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(QtlsClientProtocol.class);

    /** Handshake states of the client. */
    public enum State {
        START,
        WAIT_CONFIGURATION,
        WAIT_SERVER_HELLO,
        WAIT_SERVER_CERTIFICATE,
        WAIT_CERTIFICATE_REQUEST,
        WAIT_KEY_REFERENCE,
        WAIT_SERVER_HELLO_DONE,
        DISCUSSION,
        WAIT_SERVER_CERTIFICATE_VERIFY,
        WAIT_CHANGE_CIPHER_SPEC,
        WAIT_FINISHED,
        DONE
    }

    /** What each state accepts; anything else is unexpected_message. */
    private static final Map<State, Set<Integer>> EXPECTED = new EnumMap<>(State.class);

    static {
        EXPECTED.put(State.WAIT_SERVER_HELLO, Set.of(HandshakeType.SERVER_HELLO));
        EXPECTED.put(State.WAIT_SERVER_CERTIFICATE, Set.of(HandshakeType.CERTIFICATE));
        EXPECTED.put(State.WAIT_CERTIFICATE_REQUEST, Set.of(HandshakeType.CERTIFICATE_REQUEST));
        EXPECTED.put(State.WAIT_KEY_REFERENCE, Set.of(HandshakeType.SIFTED_KEY_REFERENCE));
        EXPECTED.put(State.WAIT_SERVER_HELLO_DONE, Set.of(HandshakeType.SERVER_HELLO_DONE));
        EXPECTED.put(State.DISCUSSION, Set.of(HandshakeType.BB84_DISCUSSION));
        EXPECTED.put(
                State.WAIT_SERVER_CERTIFICATE_VERIFY, Set.of(HandshakeType.CERTIFICATE_VERIFY));
        EXPECTED.put(State.WAIT_FINISHED, Set.of(HandshakeType.FINISHED));
    }

    private State state = State.START;
    private byte[] proposedConfiguration;
    private List<CipherSuite> offered = List.of();
    private QtlsCrypto.KemKeyPair kem;
    private DiscussionParameters announced;

    public QtlsClientProtocol(QtlsConfig config) {
        super(config);
    }

    public synchronized State state() {
        return state;
    }

    @Override
    protected boolean isClient() {
        return true;
    }

    /** Starts the connection: queues the QKD Configuration proposal. */
    public synchronized void connect() throws QtlsFatalAlert {
        if (state != State.START) {
            throw new IllegalStateException("already connected");
        }
        proposedConfiguration = config.qkdConfiguration().encode();
        writeRecord(ContentType.QKD_CONFIGURATION, proposedConfiguration);
        state = State.WAIT_CONFIGURATION;
    }

    @Override
    protected void processQkdConfiguration(byte[] body) throws QtlsFatalAlert {
        if (state != State.WAIT_CONFIGURATION) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE, "QKD Configuration in state " + state);
        }
        QkdConfigMessage answer;
        try {
            answer = QkdConfigMessage.decode(body);
        } catch (QkdConfigException e) {
            throw new QtlsFatalAlert(AlertDescription.DECODE_ERROR, e.getMessage());
        }
        if (!Arrays.equals(body, proposedConfiguration)) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "server answered a different QKD Configuration: " + answer);
        }
        agreedConfig = answer;
        sendClientHello();
        state = State.WAIT_SERVER_HELLO;
    }

    private void sendClientHello() throws QtlsFatalAlert {
        boolean otp = agreedConfig.ttl() == 1 && agreedConfig.ttlUnit() == TtlUnit.MESSAGES;
        List<CipherSuite> suites = new ArrayList<>();
        for (CipherSuite s : config.cipherSuites()) {
            if (s.oneTimePad() == otp) {
                suites.add(s);
            }
        }
        if (suites.isEmpty()) {
            throw new QtlsFatalAlert(
                    AlertDescription.HANDSHAKE_FAILURE,
                    otp
                            ? "TTL = 1 message needs the one-time-pad suite, which is not enabled"
                            : "no enabled suite fits the QKD Configuration");
        }
        offered = List.copyOf(suites);
        byte[] pk = new byte[0];
        if (suites.stream().anyMatch(CipherSuite::hybrid)) {
            kem = config.crypto().mlkemGenerate();
            pk = kem.publicKey();
        }
        clientRandom = new byte[ClientHello.RANDOM_LENGTH];
        config.crypto().secureRandom().nextBytes(clientRandom);
        List<Integer> sigs = new ArrayList<>();
        for (SignatureScheme s : SignatureScheme.values()) {
            sigs.add(s.code());
        }
        send(
                new ClientHello(
                        RecordLayer.VERSION,
                        clientRandom,
                        new byte[0],
                        suites.stream().map(CipherSuite::id).toList(),
                        proposedConfiguration,
                        config.authenticationOrder().code(),
                        sigs,
                        pk));
    }

    @Override
    protected void processHandshake(int type, byte[] body, byte[] before)
            throws QtlsFatalAlert, DecodeException {
        Set<Integer> ok = EXPECTED.get(state);
        if (ok == null || !ok.contains(type)) {
            throw unexpected(state, type);
        }
        switch (state) {
            case WAIT_SERVER_HELLO -> onServerHello(ServerHello.decode(body));
            case WAIT_SERVER_CERTIFICATE -> {
                acceptPeerCertificate(body);
                state = State.WAIT_CERTIFICATE_REQUEST;
            }
            case WAIT_CERTIFICATE_REQUEST -> {
                CertificateRequest cr = CertificateRequest.decode(body);
                if (!cr.signatureAlgorithms().contains(config.signatureScheme().code())) {
                    throw new QtlsFatalAlert(
                            AlertDescription.HANDSHAKE_FAILURE,
                            "server does not accept our signature algorithm");
                }
                state = State.WAIT_KEY_REFERENCE;
            }
            case WAIT_KEY_REFERENCE -> onKeyReference(SiftedKeyReference.decode(body));
            case WAIT_SERVER_HELLO_DONE -> {
                ServerHelloDone.decode(body);
                sendCertificate();
                if (config.authenticationOrder() == AuthenticationOrder.PAPER) {
                    sendCertificateVerify();
                }
                discussion = newDiscussion(sifted);
                discussionStarted = true;
                state = State.DISCUSSION;
                if (pumpDiscussion()) {
                    afterDiscussion();
                }
            }
            case DISCUSSION -> {
                discussion.onInbound(
                        io.qkdmodem.agent.qtls.message.Bb84Discussion.decode(body).payload());
                if (pumpDiscussion()) {
                    afterDiscussion();
                }
            }
            case WAIT_SERVER_CERTIFICATE_VERIFY -> {
                checkCertificateVerify(body, before);
                state = State.WAIT_CHANGE_CIPHER_SPEC;
            }
            case WAIT_FINISHED -> {
                checkFinished(body, before);
                state = State.DONE;
                settleKeyWithModem();
                markEstablished();
            }
            default -> throw unexpected(state, type);
        }
    }

    private void onServerHello(ServerHello sh) throws QtlsFatalAlert {
        if (sh.version() != RecordLayer.VERSION) {
            throw new QtlsFatalAlert(
                    AlertDescription.PROTOCOL_VERSION, "server version " + sh.version());
        }
        CipherSuite s = CipherSuite.fromId(sh.cipherSuite());
        if (s == null || !offered.contains(s)) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER, "server chose a suite we did not offer");
        }
        if (sh.mode() != config.authenticationOrder().code()) {
            throw new QtlsFatalAlert(
                    AlertDescription.HANDSHAKE_FAILURE,
                    "server uses another authentication order (mode " + sh.mode() + ")");
        }
        if (s.hybrid()) {
            try {
                kemSecret = config.crypto().mlkemDecapsulate(kem, sh.mlkemCiphertext());
            } catch (GeneralSecurityException e) {
                throw new QtlsFatalAlert(AlertDescription.ILLEGAL_PARAMETER, e.getMessage());
            }
        } else if (sh.mlkemCiphertext().length != 0) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "ML-KEM ciphertext with a non-hybrid suite");
        }
        if (kem != null) {
            kem.destroy();
        }
        suite = s;
        serverRandom = sh.random();
        sessionId = sh.sessionId();
        state = State.WAIT_SERVER_CERTIFICATE;
    }

    private void onKeyReference(SiftedKeyReference m) throws QtlsFatalAlert {
        try {
            announced =
                    new DiscussionParameters(
                            m.qberThresholdBasisPoints() / 10_000.0,
                            m.sampleFractionBasisPoints() / 10_000.0,
                            m.securityExponent());
        } catch (IllegalArgumentException e) {
            throw new QtlsFatalAlert(AlertDescription.ILLEGAL_PARAMETER, e.getMessage());
        }
        if (!config.discussionParameters().accepts(announced)) {
            throw new QtlsFatalAlert(
                    AlertDescription.HANDSHAKE_FAILURE,
                    "server's discussion parameters are weaker than our policy: " + announced);
        }
        replenishBytes = m.replenishBytes();
        if (replenishBytes != config.replenishBytes()) {
            LOG.info(
                    "server announced replenish slices of {} bytes (own setting {}); both sides use"
                            + " the server's",
                    replenishBytes,
                    config.replenishBytes());
        }
        keyReference = new KeyReference(m.reference());
        sifted = fetchSiftedKey(keyReference, m.siftedBits());
        state = State.WAIT_SERVER_HELLO_DONE;
    }

    /** The modem's copy of the server's reserved key, for the handshake and every refresh. */
    @Override
    protected SiftedKey fetchSiftedKey(KeyReference reference, int bits) throws QtlsFatalAlert {
        SiftedKey k;
        try {
            k = config.keySource().fetch(reference, bits);
        } catch (KeySourceException e) {
            throw new QtlsFatalAlert(
                    e.reason() == KeySourceException.Reason.MODEL_MISMATCH
                            ? AlertDescription.KEY_DISTILLATION_FAILED
                            : AlertDescription.UNKNOWN_KEY_REFERENCE,
                    "modem cannot serve " + reference + ": " + e.reason() + ": " + e.getMessage());
        }
        if (k.bitLength() != bits) {
            k.destroy();
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "server announced " + bits + " bits, modem has " + k.bitLength());
        }
        return k;
    }

    /** Bob's side, for the handshake and for every in-band key refresh. */
    @Override
    protected Bb84Discussion newDiscussion(SiftedKey key) {
        return config.discussionFactory().bob(key, config.discussionParameters());
    }

    private void afterDiscussion() throws QtlsFatalAlert {
        deriveSessionSecrets();
        sifted.destroy();
        if (config.authenticationOrder() == AuthenticationOrder.DEFAULT) {
            sendCertificateVerify();
        }
        sendChangeCipherSpec();
        sendFinished();
        state =
                config.authenticationOrder() == AuthenticationOrder.DEFAULT
                        ? State.WAIT_SERVER_CERTIFICATE_VERIFY
                        : State.WAIT_CHANGE_CIPHER_SPEC;
    }

    @Override
    protected void processChangeCipherSpec() throws QtlsFatalAlert {
        if (state != State.WAIT_CHANGE_CIPHER_SPEC) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE, "ChangeCipherSpec in state " + state);
        }
        activateReadProtection();
        state = State.WAIT_FINISHED;
    }
}
