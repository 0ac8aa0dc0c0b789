package io.qkdmodem.protocol.driver;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SerialLinkException;
import io.qkdmodem.protocol.message.ConfigureRequest;
import io.qkdmodem.protocol.message.ConsumeRequest;
import io.qkdmodem.protocol.message.ConsumeResponse;
import io.qkdmodem.protocol.message.CountsRequest;
import io.qkdmodem.protocol.message.CountsResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.FetchRequest;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.HelloResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.Message;
import io.qkdmodem.protocol.message.ReplenishRequest;
import io.qkdmodem.protocol.message.ReplenishResponse;
import io.qkdmodem.protocol.message.ReserveRequest;
import io.qkdmodem.protocol.message.ReserveResponse;
import io.qkdmodem.protocol.message.StatusRequest;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.message.SubscribeRequest;
import io.qkdmodem.protocol.message.SubscribeResponse;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.HostSession;
import io.qkdmodem.protocol.session.ProtocolException;
import io.qkdmodem.protocol.session.SessionStats;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host agent's blocking client for its modem over a serial link. A reader thread feeds the
 * {@link HostSession} and drives its timeouts (so retransmit timing has the granularity of the
 * link's read timeout); callers block on each request. Requests are serialized by the session
 * (stop-and-wait), so concurrent callers simply queue.
 */
public final class ModemClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModemClient.class);

    private final SerialLink link;
    private final HostSession session;
    private final HostConfig config;
    private final Object lock = new Object();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile Consumer<EventMessage> eventListener = e -> {};

    /** Set (under the lock) when the reader thread stops on a link failure; nothing can be sent. */
    private SerialLinkException linkFailure;

    private ModemClient(SerialLink link, HostConfig config) {
        this.link = link;
        this.config = config;
        this.session = new HostSession(config, System::nanoTime, new SecureRandom());
        reader = new Thread(this::run, "modem-client-" + link.name());
        reader.setDaemon(true);
    }

    /**
     * Opens a session on {@code link} and authenticates (HELLO, mutual challenge-response).
     *
     * @throws ProtocolException if the handshake fails or times out
     */
    public static ModemClient connect(SerialLink link, HostConfig config) throws ProtocolException {
        ModemClient c =
                new ModemClient(Objects.requireNonNull(link), Objects.requireNonNull(config));
        c.reader.start();
        try {
            c.handshake();
        } catch (ProtocolException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void handshake() throws ProtocolException {
        CompletableFuture<Message> probe;
        synchronized (lock) {
            session.connect();
            // an authenticated STATUS completes once the handshake has completed
            probe = session.request(new StatusRequest());
            flush();
        }
        await(probe);
        synchronized (lock) {
            if (session.state() != HostSession.State.READY) {
                throw new ProtocolException(ErrorCode.AUTH_FAILED, "not authenticated");
            }
        }
    }

    private void flush() {
        try {
            for (byte[] out = session.pollOutput(); out != null; out = session.pollOutput()) {
                link.write(out);
            }
        } catch (SerialLinkException e) {
            LOG.warn("write to {} failed: {}", link.name(), e.getMessage());
        }
    }

    private void run() {
        byte[] buf = new byte[8192];
        while (running) {
            int n;
            try {
                n = link.read(buf, 0, buf.length);
            } catch (SerialLinkException e) {
                synchronized (lock) {
                    linkFailure = e;
                    session.close();
                }
                if (running) {
                    LOG.warn("modem link {} failed: {}", link.name(), e.getMessage());
                }
                return;
            }
            EventMessage[] events;
            synchronized (lock) {
                if (n > 0) {
                    session.receive(buf, 0, n);
                }
                session.tick();
                flush();
                java.util.List<EventMessage> l = new java.util.ArrayList<>();
                for (EventMessage e = session.pollEvent(); e != null; e = session.pollEvent()) {
                    l.add(e);
                }
                events = l.toArray(new EventMessage[0]);
            }
            for (EventMessage e : events) {
                try {
                    eventListener.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("event listener failed", ex);
                }
            }
        }
    }

    private Message call(Message request) throws ProtocolException {
        CompletableFuture<Message> f;
        synchronized (lock) {
            if (linkFailure != null) {
                throw new ProtocolException(
                        ErrorCode.CLOSED, "modem link failed: " + linkFailure.getMessage());
            }
            if (session.state() == HostSession.State.FAILED) {
                session.connect(); // re-authenticate after a failure
            }
            f = session.request(request);
            flush();
        }
        return await(f);
    }

    private Message await(CompletableFuture<Message> f) throws ProtocolException {
        // The session completes every future through its own timeouts while the reader runs;
        // this bound only guards against a reader that died between two checks.
        long boundMillis =
                config.responseTimeout().toMillis() * (config.maxRetransmits() + 2L) * 3 + 5000;
        try {
            return f.get(boundMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ProtocolException(
                    ErrorCode.TIMEOUT, "no answer within " + boundMillis + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProtocolException) {
                throw (ProtocolException) e.getCause();
            }
            throw new ProtocolException(ErrorCode.INTERNAL, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException(ErrorCode.CLOSED, "interrupted");
        }
    }

    /** The modem's HELLO (device id, firmware version, capabilities). */
    public HelloResponse modemHello() {
        synchronized (lock) {
            return session.modemHello();
        }
    }

    public StatusResponse status() throws ProtocolException {
        return (StatusResponse) call(new StatusRequest());
    }

    /**
     * Reserves {@code bits}; retransmission-safe through {@code requestId}, in the configuration's
     * {@link HostConfig#requestEpoch() epoch}.
     */
    public KeyRef reserve(long requestId, int bits) throws ProtocolException {
        return ((ReserveResponse) call(ReserveRequest.of(config.requestEpoch(), requestId, bits)))
                .ref();
    }

    /**
     * Reserves one whole key block of at least {@code minBits} bits (RESERVE mode 2); the response
     * gives its reference and its size. Retransmission-safe through {@code requestId}.
     */
    public ReserveResponse reserveBlock(long requestId, int minBits) throws ProtocolException {
        ReserveResponse r =
                (ReserveResponse)
                        call(ReserveRequest.wholeBlock(config.requestEpoch(), requestId, minBits));
        if (r.bits() < minBits) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED,
                    "modem reserved a block of " + r.bits() + " bits for at least " + minBits);
        }
        return r;
    }

    /** Reserves the bits the peer host reserved at its modem under {@code ref}. */
    public KeyRef reserveReference(long requestId, KeyRef ref, int bits) throws ProtocolException {
        return ((ReserveResponse)
                        call(new ReserveRequest(requestId, config.requestEpoch(), bits, ref)))
                .ref();
    }

    /** Fetches a whole reserved key, chunk by chunk ({@link HostConfig#fetchChunk()} each). */
    public KeyMaterial fetch(KeyRef ref) throws ProtocolException {
        byte[] key = null;
        int offset = 0;
        int total = -1;
        try {
            while (total < 0 || offset < total) {
                FetchResponse r =
                        (FetchResponse) call(new FetchRequest(ref, offset, config.fetchChunk()));
                try {
                    if (r.offset() != offset
                            || (total >= 0 && r.totalLength() != total)
                            || (r.data().length == 0 && offset < r.totalLength())
                            || offset + r.data().length > r.totalLength()) {
                        throw new ProtocolException(
                                ErrorCode.MALFORMED, "inconsistent FETCH chunk");
                    }
                    if (key == null) {
                        total = r.totalLength();
                        key = new byte[total];
                    }
                    System.arraycopy(r.data(), 0, key, offset, r.data().length);
                    offset += r.data().length;
                } finally {
                    r.wipe();
                }
            }
        } catch (ProtocolException | RuntimeException e) {
            // A failure on a later chunk must not leave the earlier chunks on the heap.
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            throw e;
        }
        return new KeyMaterial(ref, key == null ? new byte[0] : key);
    }

    /**
     * Fetches {@code length} bytes of a reserved key from byte {@code offset} (fewer at the end of
     * the key), in as many chunks as needed. The caller wipes the returned array.
     */
    public byte[] fetchRange(KeyRef ref, int offset, int length) throws ProtocolException {
        if (offset < 0 || length < 1) {
            throw new IllegalArgumentException("offset >= 0 and length >= 1");
        }
        byte[] out = new byte[length];
        int got = 0;
        try {
            while (got < length) {
                FetchResponse r =
                        (FetchResponse)
                                call(
                                        new FetchRequest(
                                                ref,
                                                offset + got,
                                                Math.min(config.fetchChunk(), length - got)));
                try {
                    if (r.offset() != offset + got || r.data().length > length - got) {
                        throw new ProtocolException(
                                ErrorCode.MALFORMED, "inconsistent FETCH chunk");
                    }
                    System.arraycopy(r.data(), 0, out, got, r.data().length);
                    got += r.data().length;
                    if (r.data().length == 0 || offset + got >= r.totalLength()) {
                        break;
                    }
                } finally {
                    r.wipe();
                }
            }
        } catch (ProtocolException | RuntimeException e) {
            Arrays.fill(out, (byte) 0);
            throw e;
        }
        if (got < length) {
            byte[] shorter = Arrays.copyOf(out, got);
            Arrays.fill(out, (byte) 0);
            return shorter;
        }
        return out;
    }

    /** Consumes a reference; returns true if this call consumed it, false if it already was. */
    public boolean consume(KeyRef ref) throws ProtocolException {
        return !((ConsumeResponse) call(new ConsumeRequest(ref))).alreadyConsumed();
    }

    /** The block of {@code ref}'s bits and that block's acquisition counts (COUNTS). */
    public CountsResponse counts(KeyRef ref) throws ProtocolException {
        return (CountsResponse) call(new CountsRequest(ref));
    }

    public void configure(QkdConfigMessage config) throws ProtocolException {
        call(new ConfigureRequest(config));
    }

    /**
     * Hands the modem a slice of the final key of the handshake that used {@code ref}, for its
     * link-authentication pool (placed at the address both modems derive from {@code ref}); returns
     * what the modem did with it and the pool size in bits. Safe to retry.
     */
    public ReplenishResponse replenish(KeyRef ref, byte[] material) throws ProtocolException {
        byte[] copy = material.clone();
        try {
            return (ReplenishResponse) call(new ReplenishRequest(ref, copy));
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** Subscribes to the event kinds in {@code mask}; events go to {@code listener}. */
    public int subscribe(int mask, Consumer<EventMessage> listener) throws ProtocolException {
        eventListener = Objects.requireNonNull(listener);
        return ((SubscribeResponse) call(new SubscribeRequest(mask))).mask();
    }

    public SessionStats stats() {
        synchronized (lock) {
            return session.stats();
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (lock) {
            session.close();
        }
        link.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
