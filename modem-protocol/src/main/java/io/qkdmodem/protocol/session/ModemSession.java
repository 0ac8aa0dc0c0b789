package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.frame.Frame;
import io.qkdmodem.protocol.frame.FrameEncoder;
import io.qkdmodem.protocol.message.AuthRequest;
import io.qkdmodem.protocol.message.AuthResponse;
import io.qkdmodem.protocol.message.ConfigureRequest;
import io.qkdmodem.protocol.message.ConfigureResponse;
import io.qkdmodem.protocol.message.ConsumeRequest;
import io.qkdmodem.protocol.message.ConsumeResponse;
import io.qkdmodem.protocol.message.CountsRequest;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.ErrorResponse;
import io.qkdmodem.protocol.message.EventKind;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.FetchRequest;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.HelloRequest;
import io.qkdmodem.protocol.message.HelloResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.Message;
import io.qkdmodem.protocol.message.MessageFormatException;
import io.qkdmodem.protocol.message.MessageType;
import io.qkdmodem.protocol.message.Messages;
import io.qkdmodem.protocol.message.ReplenishRequest;
import io.qkdmodem.protocol.message.ReserveRequest;
import io.qkdmodem.protocol.message.ReserveResponse;
import io.qkdmodem.protocol.message.Role;
import io.qkdmodem.protocol.message.SubscribeRequest;
import io.qkdmodem.protocol.message.SubscribeResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * The modem's side of one serial connection, sans-IO: feed it the bytes read from the line with
 * {@link #receive}, write out what {@link #pollOutput()} returns. It answers every well-formed
 * request once, drops what it cannot trust (bad tag, stale sequence number), and calls the {@link
 * ModemBackend} only for an authenticated host. Which request each state accepts:
 *
 * <pre>
 * state          HELLO  AUTH         STATUS  others (RESERVE, FETCH, CONSUME, CONFIGURE,
 *                                              REPLENISH, SUBSCRIBE)
 * AWAIT_HELLO    yes    UNEXPECTED   yes     NOT_AUTHENTICATED
 * AWAIT_AUTH     yes    yes          yes     NOT_AUTHENTICATED
 * AUTHENTICATED  yes    repeat only  yes     yes, in authenticated frames only
 * </pre>
 *
 * Not thread-safe: the driver serializes calls.
 */
public final class ModemSession {

    /** The protocol version this implementation speaks. */
    public static final int PROTOCOL_VERSION = 1;

    /** Largest FETCH chunk: what fits a frame with the FETCH fields and the GCM tag. */
    public static final int MAX_CHUNK =
            FrameEncoder.MAX_PAYLOAD - FetchResponse.OVERHEAD - LinkCrypto.TAG_LENGTH;

    /** Session states. */
    public enum State {
        AWAIT_HELLO,
        AWAIT_AUTH,
        AUTHENTICATED
    }

    private final ModemIdentity identity;
    private final PairingSecret secret;
    private final ModemBackend backend;
    private final SecureRandom random;
    private final ArrayDeque<byte[]> output = new ArrayDeque<>();
    private final SessionStats stats = new SessionStats();
    private final FrameReceiver receiver = new FrameReceiver(stats);

    private State state = State.AWAIT_HELLO;

    /** Highest sequence number of a verified (authenticated) request in this session. */
    private long lastSeq = -1;

    private long eventSeq;
    private int subscription;
    private byte[] helloRequestPayload;
    private HelloResponse helloResponse;
    private LinkCrypto.SessionSecrets secrets;

    public ModemSession(
            ModemIdentity identity,
            PairingSecret secret,
            ModemBackend backend,
            SecureRandom random) {
        this.identity = Objects.requireNonNull(identity);
        this.secret = Objects.requireNonNull(secret);
        this.backend = Objects.requireNonNull(backend);
        this.random = Objects.requireNonNull(random);
    }

    public State state() {
        return state;
    }

    public SessionStats stats() {
        return stats;
    }

    /** Processes bytes read from the line; answers queue for {@link #pollOutput()}. */
    public void receive(byte[] buf, int off, int len) {
        receiver.receive(buf, off, len, this::onFrame);
    }

    /** The next frame to write to the line, or {@code null}. */
    public byte[] pollOutput() {
        byte[] b = output.poll();
        if (b != null) {
            stats.wireBytesOut += b.length;
        }
        return b;
    }

    /**
     * Sends {@code event} to the host if it is authenticated and subscribed to its kind; otherwise
     * drops it (events are best effort).
     */
    public void publish(EventMessage event) {
        if (state != State.AUTHENTICATED || (subscription & event.kind().maskBit()) == 0) {
            return;
        }
        eventSeq++;
        Frame f =
                LinkCrypto.seal(
                        secrets.keyM2h,
                        LinkCrypto.DIR_MODEM_TO_HOST,
                        LinkCrypto.KIND_EVENT,
                        PROTOCOL_VERSION,
                        MessageType.EVENT.code(),
                        0,
                        eventSeq,
                        event.payload(),
                        false);
        output.add(FrameEncoder.encode(f));
    }

    private void onFrame(Frame f) {
        if (f.hasFlag(Frame.FLAG_RESPONSE)) {
            stats.unexpected++;
            return;
        }
        boolean protectedFrame = f.hasFlag(Frame.FLAG_AUTHENTICATED);
        byte[] payload;
        if (protectedFrame) {
            if (state != State.AUTHENTICATED) {
                stats.unexpected++;
                return;
            }
            payload =
                    LinkCrypto.open(
                            secrets.keyH2m,
                            LinkCrypto.DIR_HOST_TO_MODEM,
                            LinkCrypto.KIND_REQUEST,
                            f);
            if (payload == null) {
                stats.authFailures++;
                return;
            }
        } else {
            if (f.hasFlag(Frame.FLAG_ENCRYPTED)) {
                stats.unexpected++;
                return;
            }
            payload = f.payload();
        }
        MessageType type = MessageType.fromCode(f.type());
        if (protectedFrame) {
            // only a frame that verified may advance the counter, so forgeries cannot block it
            if (f.seq() <= lastSeq) {
                stats.replaysRejected++;
                Arrays.fill(payload, (byte) 0);
                return;
            }
            lastSeq = f.seq();
        }
        if (f.version() != PROTOCOL_VERSION) {
            error(f, protectedFrame, ErrorCode.UNSUPPORTED_VERSION, "frame version " + f.version());
            return;
        }
        if (type == null || type == MessageType.ERROR) {
            error(f, protectedFrame, ErrorCode.UNKNOWN_TYPE, "type " + f.type());
            return;
        }
        Message m;
        try {
            m = Messages.decode(type, false, payload);
        } catch (MessageFormatException e) {
            error(f, protectedFrame, ErrorCode.MALFORMED, e.getMessage());
            return;
        } finally {
            if (protectedFrame) {
                Arrays.fill(payload, (byte) 0);
            }
        }
        try {
            dispatch(f, protectedFrame, m);
        } catch (ModemException e) {
            error(f, protectedFrame, e.code(), e.detail());
        } catch (RuntimeException e) {
            error(f, protectedFrame, ErrorCode.INTERNAL, "internal error");
        }
    }

    private void dispatch(Frame f, boolean prot, Message m) throws ModemException {
        switch (m.type()) {
            case HELLO:
                if (prot) {
                    error(f, true, ErrorCode.UNEXPECTED_MESSAGE, "HELLO must be plain");
                } else {
                    onHello(f, (HelloRequest) m);
                }
                return;
            case AUTH:
                onAuth(f, prot, (AuthRequest) m);
                return;
            case STATUS:
                respond(
                        f,
                        prot,
                        backend.status()
                                .withAuthenticated(prot && state == State.AUTHENTICATED)
                                .withCounters(stats.framesReceived, stats.rejected()));
                return;
            case EVENT:
                error(f, prot, ErrorCode.UNEXPECTED_MESSAGE, "EVENT goes modem to host");
                return;
            default:
                break;
        }
        if (!prot || state != State.AUTHENTICATED) {
            error(
                    f,
                    prot,
                    ErrorCode.NOT_AUTHENTICATED,
                    m.type() + " needs an authenticated session");
            return;
        }
        switch (m.type()) {
            case RESERVE:
                {
                    ReserveRequest r = (ReserveRequest) m;
                    if (r.wholeBlock()) {
                        ModemBackend.Reserved b =
                                backend.reserveBlock(r.epoch(), r.requestId(), r.bits());
                        respond(f, true, new ReserveResponse(r.requestId(), b.ref(), b.bits()));
                        return;
                    }
                    KeyRef ref =
                            r.wanted() == null
                                    ? backend.reserve(r.epoch(), r.requestId(), r.bits())
                                    : backend.reserveReference(
                                            r.epoch(), r.requestId(), r.wanted(), r.bits());
                    respond(f, true, new ReserveResponse(r.requestId(), ref, r.bits()));
                    return;
                }
            case FETCH:
                {
                    FetchRequest r = (FetchRequest) m;
                    FetchResponse chunk =
                            backend.fetch(r.ref(), r.offset(), Math.min(r.maxLength(), MAX_CHUNK));
                    try {
                        respond(f, true, chunk);
                    } finally {
                        chunk.wipe();
                    }
                    return;
                }
            case CONSUME:
                respond(f, true, new ConsumeResponse(!backend.consume(((ConsumeRequest) m).ref())));
                return;
            case CONFIGURE:
                backend.configure(((ConfigureRequest) m).config());
                respond(f, true, new ConfigureResponse());
                return;
            case REPLENISH:
                {
                    ReplenishRequest r = (ReplenishRequest) m;
                    try {
                        respond(f, true, backend.replenish(r.ref(), r.material()));
                    } finally {
                        r.wipe();
                    }
                    return;
                }
            case COUNTS:
                respond(f, true, backend.counts(((CountsRequest) m).ref()));
                return;
            case SUBSCRIBE:
                subscription = ((SubscribeRequest) m).mask() & EventKind.allMask();
                respond(f, true, new SubscribeResponse(subscription));
                return;
            default:
                error(f, true, ErrorCode.UNKNOWN_TYPE, "type " + m.type());
        }
    }

    private void onHello(Frame f, HelloRequest h) {
        byte[] payload = h.payload();
        if (state == State.AWAIT_AUTH && Arrays.equals(payload, helloRequestPayload)) {
            respond(f, false, helloResponse); // a retransmitted HELLO: same answer, same nonce
            return;
        }
        endSession();
        if (h.role() != Role.HOST) {
            error(f, false, ErrorCode.UNEXPECTED_MESSAGE, "HELLO from a " + h.role());
            return;
        }
        if (h.minVersion() > PROTOCOL_VERSION || h.maxVersion() < PROTOCOL_VERSION) {
            error(
                    f,
                    false,
                    ErrorCode.UNSUPPORTED_VERSION,
                    "modem speaks version " + PROTOCOL_VERSION);
            return;
        }
        byte[] nonce = new byte[HelloRequest.NONCE_LENGTH];
        random.nextBytes(nonce);
        helloResponse =
                new HelloResponse(
                        PROTOCOL_VERSION,
                        Role.MODEM,
                        identity.capabilities(),
                        nonce,
                        identity.deviceId(),
                        identity.firmwareVersion());
        helloRequestPayload = payload;
        secrets =
                new LinkCrypto.SessionSecrets(
                        secret,
                        identity.deviceId(),
                        LinkCrypto.transcriptHash(payload, helloResponse.payload()));
        state = State.AWAIT_AUTH;
        respond(f, false, helloResponse);
    }

    private void onAuth(Frame f, boolean prot, AuthRequest a) {
        if (prot || state == State.AWAIT_HELLO) {
            error(f, prot, ErrorCode.UNEXPECTED_MESSAGE, "AUTH before HELLO");
            return;
        }
        boolean ok = MessageDigest.isEqual(a.proof(), secrets.hostProof);
        if (state == State.AUTHENTICATED) {
            if (ok) {
                respond(f, false, new AuthResponse(secrets.modemProof)); // retransmitted AUTH
            } else {
                error(f, false, ErrorCode.UNEXPECTED_MESSAGE, "already authenticated");
            }
            return;
        }
        if (!ok) {
            stats.authFailures++;
            endSession();
            error(f, false, ErrorCode.AUTH_FAILED, "proof does not verify: not paired");
            return;
        }
        state = State.AUTHENTICATED;
        respond(f, false, new AuthResponse(secrets.modemProof));
    }

    private void endSession() {
        if (secrets != null) {
            secrets.destroy();
            secrets = null;
        }
        state = State.AWAIT_HELLO;
        helloRequestPayload = null;
        helloResponse = null;
        subscription = 0;
        eventSeq = 0;
        lastSeq = -1;
    }

    private void error(Frame request, boolean prot, ErrorCode code, String detail) {
        respondType(request, prot && secrets != null, new ErrorResponse(code, detail));
    }

    private void respond(Frame request, boolean prot, Message m) {
        respondType(request, prot, m);
    }

    private void respondType(Frame request, boolean prot, Message m) {
        byte[] plain = m.payload();
        Frame out;
        if (prot) {
            out =
                    LinkCrypto.seal(
                            secrets.keyM2h,
                            LinkCrypto.DIR_MODEM_TO_HOST,
                            LinkCrypto.KIND_RESPONSE,
                            PROTOCOL_VERSION,
                            m.type().code(),
                            Frame.FLAG_RESPONSE,
                            request.seq(),
                            plain,
                            m.carriesKey());
            if (m.carriesKey()) {
                Arrays.fill(plain, (byte) 0);
            }
        } else {
            if (m.carriesKey()) {
                throw new IllegalStateException("key material must not go out in clear");
            }
            out =
                    new Frame(
                            PROTOCOL_VERSION,
                            m.type().code(),
                            Frame.FLAG_RESPONSE,
                            request.seq(),
                            plain);
        }
        output.add(FrameEncoder.encode(out));
    }
}
