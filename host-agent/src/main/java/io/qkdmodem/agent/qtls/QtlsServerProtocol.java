package io.qkdmodem.agent.qtls;

import io.qkdmodem.agent.qtls.crypto.QtlsCrypto;
import io.qkdmodem.agent.qtls.crypto.SignatureScheme;
import io.qkdmodem.agent.qtls.discussion.Bb84Discussion;
import io.qkdmodem.agent.qtls.discussion.DiscussionParameters;
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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server engine (the agent beside Alice's modem, paper section 4.5): checks the client's QKD
 * Configuration, reserves sifted key, plays Alice in the discussion. See {@link QtlsClientProtocol}
 * for the message flow.
 */
public final class QtlsServerProtocol extends QtlsProtocol {

    /** Handshake states of the server. */
    public enum State {
        WAIT_CONFIGURATION,
        WAIT_CLIENT_HELLO,
        WAIT_CLIENT_CERTIFICATE,
        WAIT_CLIENT_CERTIFICATE_VERIFY_BEFORE_DISCUSSION,
        DISCUSSION,
        WAIT_CLIENT_CERTIFICATE_VERIFY,
        WAIT_CHANGE_CIPHER_SPEC,
        WAIT_FINISHED,
        DONE
    }

    private static final Map<State, Set<Integer>> EXPECTED = new EnumMap<>(State.class);

    static {
        EXPECTED.put(State.WAIT_CLIENT_HELLO, Set.of(HandshakeType.CLIENT_HELLO));
        EXPECTED.put(State.WAIT_CLIENT_CERTIFICATE, Set.of(HandshakeType.CERTIFICATE));
        EXPECTED.put(
                State.WAIT_CLIENT_CERTIFICATE_VERIFY_BEFORE_DISCUSSION,
                Set.of(HandshakeType.CERTIFICATE_VERIFY));
        EXPECTED.put(State.DISCUSSION, Set.of(HandshakeType.BB84_DISCUSSION));
        EXPECTED.put(
                State.WAIT_CLIENT_CERTIFICATE_VERIFY, Set.of(HandshakeType.CERTIFICATE_VERIFY));
        EXPECTED.put(State.WAIT_FINISHED, Set.of(HandshakeType.FINISHED));
    }

    private State state = State.WAIT_CONFIGURATION;

    public QtlsServerProtocol(QtlsConfig config) {
        super(config);
    }

    public synchronized State state() {
        return state;
    }

    @Override
    protected boolean isClient() {
        return false;
    }

    @Override
    protected void processQkdConfiguration(byte[] body) throws QtlsFatalAlert {
        if (state != State.WAIT_CONFIGURATION) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE, "QKD Configuration in state " + state);
        }
        QkdConfigMessage proposed;
        try {
            proposed = QkdConfigMessage.decode(body);
        } catch (QkdConfigException e) {
            switch (e.reason()) {
                case UNKNOWN_TYPE,
                        UNKNOWN_PROTOCOL,
                        TYPE_PROTOCOL_MISMATCH,
                        INVALID_VERSION,
                        UNKNOWN_AUTHENTICATION,
                        UNKNOWN_ENCODING ->
                        throw new QtlsFatalAlert(
                                AlertDescription.UNSUPPORTED_QKD_CONFIGURATION, e.getMessage());
                default -> throw new QtlsFatalAlert(AlertDescription.DECODE_ERROR, e.getMessage());
            }
        }
        String refusal = config.refusalReason(proposed);
        if (refusal != null) {
            throw new QtlsFatalAlert(AlertDescription.UNSUPPORTED_QKD_CONFIGURATION, refusal);
        }
        agreedConfig = proposed;
        writeRecord(ContentType.QKD_CONFIGURATION, proposed.encode());
        state = State.WAIT_CLIENT_HELLO;
    }

    @Override
    protected void processHandshake(int type, byte[] body, byte[] before)
            throws QtlsFatalAlert, DecodeException {
        Set<Integer> ok = EXPECTED.get(state);
        if (ok == null || !ok.contains(type)) {
            throw unexpected(state, type);
        }
        switch (state) {
            case WAIT_CLIENT_HELLO -> onClientHello(ClientHello.decode(body));
            case WAIT_CLIENT_CERTIFICATE -> {
                acceptPeerCertificate(body);
                if (config.authenticationOrder() == AuthenticationOrder.PAPER) {
                    state = State.WAIT_CLIENT_CERTIFICATE_VERIFY_BEFORE_DISCUSSION;
                } else {
                    startDiscussion();
                }
            }
            case WAIT_CLIENT_CERTIFICATE_VERIFY_BEFORE_DISCUSSION -> {
                checkCertificateVerify(body, before);
                startDiscussion();
            }
            case DISCUSSION -> {
                discussion.onInbound(
                        io.qkdmodem.agent.qtls.message.Bb84Discussion.decode(body).payload());
                if (pumpDiscussion()) {
                    afterDiscussion();
                }
            }
            case WAIT_CLIENT_CERTIFICATE_VERIFY -> {
                checkCertificateVerify(body, before);
                state = State.WAIT_CHANGE_CIPHER_SPEC;
            }
            case WAIT_FINISHED -> {
                checkFinished(body, before);
                if (config.authenticationOrder() == AuthenticationOrder.DEFAULT) {
                    sendCertificateVerify();
                }
                sendChangeCipherSpec();
                sendFinished();
                state = State.DONE;
                settleKeyWithModem();
                markEstablished();
            }
            default -> throw unexpected(state, type);
        }
    }

    private void onClientHello(ClientHello ch) throws QtlsFatalAlert {
        if (ch.version() != RecordLayer.VERSION) {
            throw new QtlsFatalAlert(
                    AlertDescription.PROTOCOL_VERSION, "client version " + ch.version());
        }
        if (!Arrays.equals(ch.qkdConfiguration(), agreedConfig.encode())) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "ClientHello carries another QKD Configuration than the one agreed");
        }
        if (ch.mode() != config.authenticationOrder().code()) {
            throw new QtlsFatalAlert(
                    AlertDescription.HANDSHAKE_FAILURE,
                    "client uses another authentication order (mode " + ch.mode() + ")");
        }
        if (!ch.signatureAlgorithms().contains(config.signatureScheme().code())) {
            throw new QtlsFatalAlert(
                    AlertDescription.HANDSHAKE_FAILURE,
                    "client does not accept our signature algorithm");
        }
        boolean otp = agreedConfig.ttl() == 1 && agreedConfig.ttlUnit() == TtlUnit.MESSAGES;
        CipherSuite chosen = null;
        for (CipherSuite s : config.cipherSuites()) {
            if (s.oneTimePad() == otp && ch.cipherSuites().contains(s.id())) {
                chosen = s;
                break;
            }
        }
        if (chosen == null) {
            throw new QtlsFatalAlert(AlertDescription.HANDSHAKE_FAILURE, "no common cipher suite");
        }
        byte[] ct = new byte[0];
        if (chosen.hybrid()) {
            try {
                QtlsCrypto.KemEncapsulation enc =
                        config.crypto().mlkemEncapsulate(ch.mlkemPublicKey());
                ct = enc.ciphertext();
                kemSecret = enc.sharedSecret();
            } catch (GeneralSecurityException e) {
                throw new QtlsFatalAlert(AlertDescription.ILLEGAL_PARAMETER, e.getMessage());
            }
        }
        suite = chosen;
        clientRandom = ch.random();
        serverRandom = new byte[ClientHello.RANDOM_LENGTH];
        config.crypto().secureRandom().nextBytes(serverRandom);
        sessionId = new byte[ClientHello.MAX_SESSION_ID];
        config.crypto().secureRandom().nextBytes(sessionId);
        sifted = reserveSiftedKey();
        keyReference = sifted.reference();
        send(
                new ServerHello(
                        RecordLayer.VERSION,
                        serverRandom,
                        sessionId,
                        chosen.id(),
                        config.authenticationOrder().code(),
                        ct));
        sendCertificate();
        send(
                new CertificateRequest(
                        new byte[] {(byte) CertificateRequest.ECDSA_SIGN},
                        List.of(
                                SignatureScheme.ECDSA_SECP256R1_SHA256.code(),
                                SignatureScheme.ED25519.code())));
        DiscussionParameters dp = config.discussionParameters();
        replenishBytes = config.replenishBytes();
        send(
                new SiftedKeyReference(
                        keyReference.id(),
                        sifted.bitLength(),
                        (int) Math.round(dp.qberThreshold() * 10_000),
                        (int) Math.round(dp.sampleFraction() * 10_000),
                        dp.securityExponent(),
                        replenishBytes));
        send(new ServerHelloDone());
        state = State.WAIT_CLIENT_CERTIFICATE;
    }

    /** The modem's sifted key for the handshake and for every in-band key refresh. */
    @Override
    protected SiftedKey reserveSiftedKey() throws QtlsFatalAlert {
        try {
            return config.keySource().reserve(config.siftedBitsPerHandshake());
        } catch (KeySourceException e) {
            throw new QtlsFatalAlert(
                    switch (e.reason()) {
                        case INSUFFICIENT_KEY -> AlertDescription.QKD_KEY_EXHAUSTED;
                        case MODEL_MISMATCH -> AlertDescription.KEY_DISTILLATION_FAILED;
                        default -> AlertDescription.INTERNAL_ERROR;
                    },
                    "modem could not reserve sifted key: " + e.reason() + ": " + e.getMessage());
        }
    }

    /** Alice's side, for the handshake and for every in-band key refresh. */
    @Override
    protected Bb84Discussion newDiscussion(SiftedKey key) {
        return config.discussionFactory()
                .alice(key, config.discussionParameters(), config.crypto().secureRandom());
    }

    private void startDiscussion() throws QtlsFatalAlert {
        discussion = newDiscussion(sifted);
        discussionStarted = true;
        state = State.DISCUSSION;
        if (pumpDiscussion()) {
            afterDiscussion();
        }
    }

    private void afterDiscussion() throws QtlsFatalAlert {
        deriveSessionSecrets();
        sifted.destroy();
        state =
                config.authenticationOrder() == AuthenticationOrder.DEFAULT
                        ? State.WAIT_CLIENT_CERTIFICATE_VERIFY
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
