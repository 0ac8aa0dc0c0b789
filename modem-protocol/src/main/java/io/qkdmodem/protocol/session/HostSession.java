package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.frame.Frame;
import io.qkdmodem.protocol.frame.FrameEncoder;
import io.qkdmodem.protocol.message.AuthRequest;
import io.qkdmodem.protocol.message.AuthResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.ErrorResponse;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.HelloRequest;
import io.qkdmodem.protocol.message.HelloResponse;
import io.qkdmodem.protocol.message.Message;
import io.qkdmodem.protocol.message.MessageFormatException;
import io.qkdmodem.protocol.message.MessageType;
import io.qkdmodem.protocol.message.Messages;
import io.qkdmodem.protocol.message.Role;
import io.qkdmodem.protocol.message.StatusRequest;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The host's side of one serial connection, sans-IO. {@link #connect()} starts HELLO and the mutual
 * challenge-response; {@link #request} queues a request and returns a future that {@link #receive}
 * or {@link #tick()} completes. Requests go one at a time (stop-and-wait): the next is sent when
 * the previous is answered or has failed. A request unanswered after the response timeout is
 * retransmitted with a fresh sequence number, at most {@code maxRetransmits} times, then fails with
 * {@link ErrorCode#TIMEOUT}. A response is accepted only for a sequence number of the request in
 * flight, and only once; an authenticated request accepts only an authenticated answer. Time comes
 * from the injected nanosecond clock. Not thread-safe: the driver serializes calls.
 */
public final class HostSession {

    /** Connection states. */
    public enum State {
        IDLE,
        HELLO_SENT,
        AUTH_SENT,
        READY,
        FAILED
    }

    private static final class Pending {
        final Message message;
        final boolean handshake;
        final CompletableFuture<Message> future = new CompletableFuture<>();
        final Set<Long> seqs = new HashSet<>();
        boolean protect;
        int attempts;
        long deadline;

        Pending(Message message, boolean handshake) {
            this.message = message;
            this.handshake = handshake;
        }
    }

    private final HostConfig config;
    private final LongSupplier nanos;
    private final SecureRandom random;
    private final ArrayDeque<byte[]> output = new ArrayDeque<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ArrayDeque<EventMessage> events = new ArrayDeque<>();
    private final SessionStats stats = new SessionStats();
    private final FrameReceiver receiver = new FrameReceiver(stats);

    private State state = State.IDLE;
    private Pending inFlight;
    private long nextSeq = 1;
    private long lastEventSeq;
    private HelloRequest hello;
    private HelloResponse modemHello;
    private LinkCrypto.SessionSecrets secrets;
    private ProtocolException failure;

    public HostSession(HostConfig config, LongSupplier nanoClock, SecureRandom random) {
        this.config = Objects.requireNonNull(config);
        this.nanos = Objects.requireNonNull(nanoClock);
        this.random = Objects.requireNonNull(random);
    }

    public State state() {
        return state;
    }

    public SessionStats stats() {
        return stats;
    }

    /** The modem's HELLO answer once received (device id, firmware version, capabilities). */
    public HelloResponse modemHello() {
        return modemHello;
    }

    /** Why the session failed, if it did. */
    public ProtocolException failure() {
        return failure;
    }

    /** Starts (or restarts) the handshake; queued requests wait for it. */
    public void connect() {
        destroySecrets();
        state = State.HELLO_SENT;
        failure = null;
        lastEventSeq = 0;
        byte[] nonce = new byte[HelloRequest.NONCE_LENGTH];
        random.nextBytes(nonce);
        hello =
                new HelloRequest(
                        ModemSession.PROTOCOL_VERSION,
                        ModemSession.PROTOCOL_VERSION,
                        Role.HOST,
                        0,
                        nonce,
                        config.hostId(),
                        config.softwareVersion());
        if (inFlight != null && !inFlight.handshake) {
            queue.addFirst(inFlight);
        }
        inFlight = null;
        send(new Pending(hello, true));
    }

    /**
     * Queues a request. STATUS may be sent before authentication (it then goes in clear); all other
     * requests wait for READY and go authenticated (encrypted if they carry key).
     */
    public CompletableFuture<Message> request(Message m) {
        if (m.isResponse() || m.type() == MessageType.HELLO || m.type() == MessageType.AUTH) {
            throw new IllegalArgumentException(m.type() + " is not a host request");
        }
        Pending p = new Pending(m, false);
        if (state == State.FAILED) {
            p.future.completeExceptionally(failure);
            return p.future;
        }
        queue.add(p);
        pump();
        return p.future;
    }

    /** The next frame to write to the line, or {@code null}. */
    public byte[] pollOutput() {
        byte[] b = output.poll();
        if (b != null) {
            stats.wireBytesOut += b.length;
        }
        return b;
    }

    /** The next event received, or {@code null}. */
    public EventMessage pollEvent() {
        return events.poll();
    }

    /**
     * When {@link #tick()} next has work to do (nanos on the injected clock), or Long.MAX_VALUE.
     */
    public long nextDeadline() {
        return inFlight == null ? Long.MAX_VALUE : inFlight.deadline;
    }

    /** Retransmits or fails the request in flight if its deadline passed. */
    public void tick() {
        Pending p = inFlight;
        if (p == null || nanos.getAsLong() - p.deadline < 0) {
            return;
        }
        if (p.attempts > config.maxRetransmits()) {
            inFlight = null;
            ProtocolException e =
                    new ProtocolException(
                            ErrorCode.TIMEOUT,
                            p.message.type() + " unanswered after " + p.attempts + " attempt(s)");
            if (p.handshake) {
                fail(e);
            } else {
                // The modem may have restarted and lost the session: fail this request and
                // authenticate again before the next one.
                p.future.completeExceptionally(e);
                connect();
            }
            return;
        }
        stats.retransmits++;
        transmit(p);
    }

    /** True if no request is queued or in flight. */
    public boolean isIdle() {
        return queue.isEmpty() && (inFlight == null || inFlight.handshake);
    }

    /** Ends the session: fails everything queued with {@link ErrorCode#CLOSED}. */
    public void close() {
        fail(new ProtocolException(ErrorCode.CLOSED, "session closed"));
    }

    /** Processes bytes read from the line. */
    public void receive(byte[] buf, int off, int len) {
        receiver.receive(buf, off, len, this::onFrame);
    }

    private void onFrame(Frame f) {
        boolean prot = f.hasFlag(Frame.FLAG_AUTHENTICATED);
        MessageType type = MessageType.fromCode(f.type());
        if (type == MessageType.EVENT && !f.hasFlag(Frame.FLAG_RESPONSE)) {
            onEvent(f, prot);
            return;
        }
        if (!f.hasFlag(Frame.FLAG_RESPONSE) || type == null) {
            stats.unexpected++;
            return;
        }
        Pending p = inFlight;
        if (p == null || !p.seqs.contains(f.seq())) {
            stats.replaysRejected++; // stale, duplicated, replayed or never asked for
            return;
        }
        if (prot != p.protect) {
            stats.unexpected++;
            return;
        }
        byte[] payload = f.payload();
        if (prot) {
            payload =
                    LinkCrypto.open(
                            secrets.keyM2h,
                            LinkCrypto.DIR_MODEM_TO_HOST,
                            LinkCrypto.KIND_RESPONSE,
                            f);
            if (payload == null) {
                stats.authFailures++;
                return;
            }
        }
        Message m;
        try {
            m = Messages.decode(type, true, payload);
        } catch (MessageFormatException e) {
            stats.unexpected++;
            return; // treat as lost; the retransmit may fare better
        } finally {
            if (prot) {
                Arrays.fill(payload, (byte) 0);
            }
        }
        if (m.type() != MessageType.ERROR && m.type() != p.message.type()) {
            stats.unexpected++;
            return;
        }
        inFlight = null;
        if (p.handshake) {
            onHandshake(p, payload, m, f);
        } else if (m instanceof ErrorResponse) {
            ErrorResponse e = (ErrorResponse) m;
            p.future.completeExceptionally(new ProtocolException(e.code(), e.detail()));
        } else {
            p.future.complete(m);
        }
        pump();
    }

    private void onHandshake(Pending p, byte[] payload, Message m, Frame f) {
        if (m instanceof ErrorResponse) {
            ErrorResponse e = (ErrorResponse) m;
            fail(new ProtocolException(e.code(), "handshake refused: " + e.detail()));
            return;
        }
        if (m instanceof HelloResponse) {
            HelloResponse h = (HelloResponse) m;
            byte[] expected = config.expectedDeviceId();
            if (h.role() != Role.MODEM
                    || h.version() != ModemSession.PROTOCOL_VERSION
                    || (expected != null && !Arrays.equals(expected, h.deviceId()))) {
                fail(
                        new ProtocolException(
                                ErrorCode.AUTH_FAILED,
                                "HELLO answer from an unexpected peer or version"));
                return;
            }
            modemHello = h;
            secrets =
                    new LinkCrypto.SessionSecrets(
                            config.secret(),
                            h.deviceId(),
                            LinkCrypto.transcriptHash(hello.payload(), f.payload()));
            state = State.AUTH_SENT;
            Pending auth = new Pending(new AuthRequest(secrets.hostProof), true);
            send(auth);
            return;
        }
        if (m instanceof AuthResponse) {
            if (!MessageDigest.isEqual(((AuthResponse) m).proof(), secrets.modemProof)) {
                stats.authFailures++;
                fail(new ProtocolException(ErrorCode.AUTH_FAILED, "modem proof does not verify"));
                return;
            }
            state = State.READY;
        }
    }

    private void onEvent(Frame f, boolean prot) {
        if (!prot || secrets == null || state != State.READY) {
            stats.unexpected++;
            return;
        }
        byte[] payload =
                LinkCrypto.open(
                        secrets.keyM2h, LinkCrypto.DIR_MODEM_TO_HOST, LinkCrypto.KIND_EVENT, f);
        if (payload == null) {
            stats.authFailures++;
            return;
        }
        if (f.seq() <= lastEventSeq) {
            stats.replaysRejected++;
            return;
        }
        lastEventSeq = f.seq();
        try {
            events.add((EventMessage) Messages.decode(MessageType.EVENT, false, payload));
        } catch (MessageFormatException e) {
            stats.unexpected++;
        }
    }

    private void pump() {
        if (inFlight != null || state == State.FAILED) {
            return;
        }
        Pending next = queue.peek();
        if (next == null) {
            return;
        }
        boolean clearStatus = next.message instanceof StatusRequest && state != State.READY;
        if (state == State.READY || clearStatus) {
            queue.poll();
            send(next);
        }
    }

    private void send(Pending p) {
        inFlight = p;
        p.protect = !p.handshake && state == State.READY;
        transmit(p);
    }

    private void transmit(Pending p) {
        if (nextSeq > 0xFFFF_FFFFL) {
            fail(new ProtocolException(ErrorCode.CLOSED, "sequence numbers exhausted: reconnect"));
            return;
        }
        long seq = nextSeq++;
        p.seqs.add(seq);
        p.attempts++;
        p.deadline = nanos.getAsLong() + config.responseTimeout().toNanos();
        Message m = p.message;
        byte[] plain = m.payload();
        Frame f;
        if (p.protect) {
            f =
                    LinkCrypto.seal(
                            secrets.keyH2m,
                            LinkCrypto.DIR_HOST_TO_MODEM,
                            LinkCrypto.KIND_REQUEST,
                            ModemSession.PROTOCOL_VERSION,
                            m.type().code(),
                            0,
                            seq,
                            plain,
                            m.carriesKey());
            if (m.carriesKey()) {
                Arrays.fill(plain, (byte) 0);
            }
        } else {
            f = new Frame(ModemSession.PROTOCOL_VERSION, m.type().code(), 0, seq, plain);
        }
        output.add(FrameEncoder.encode(f));
    }

    private void fail(ProtocolException e) {
        state = State.FAILED;
        failure = e;
        destroySecrets();
        if (inFlight != null) {
            inFlight.future.completeExceptionally(e);
            inFlight = null;
        }
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.future.completeExceptionally(e);
        }
    }

    private void destroySecrets() {
        if (secrets != null) {
            secrets.destroy();
            secrets = null;
        }
    }
}
