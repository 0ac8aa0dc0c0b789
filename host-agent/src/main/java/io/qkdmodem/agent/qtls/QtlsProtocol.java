package io.qkdmodem.agent.qtls;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.crypto.SignatureScheme;
import io.qkdmodem.agent.qtls.crypto.TranscriptHash;
import io.qkdmodem.agent.qtls.discussion.Bb84Discussion;
import io.qkdmodem.agent.qtls.discussion.DistillationResult;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.KeySourceException;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.message.ByteWriter;
import io.qkdmodem.agent.qtls.message.CertificateMessage;
import io.qkdmodem.agent.qtls.message.CertificateVerify;
import io.qkdmodem.agent.qtls.message.DecodeException;
import io.qkdmodem.agent.qtls.message.Finished;
import io.qkdmodem.agent.qtls.message.HandshakeMessage;
import io.qkdmodem.agent.qtls.message.HandshakeType;
import io.qkdmodem.agent.qtls.message.KeyRefreshFinished;
import io.qkdmodem.agent.qtls.message.KeyRefreshReference;
import io.qkdmodem.agent.qtls.message.KeyRefreshRequest;
import io.qkdmodem.agent.qtls.message.KeyUpdate;
import io.qkdmodem.agent.qtls.record.KeyPool;
import io.qkdmodem.agent.qtls.record.OneTimePadProtection;
import io.qkdmodem.agent.qtls.record.RecordLayer;
import io.qkdmodem.agent.qtls.record.RecordProtection;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.qkdconfig.TtlUnit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery both Quantum TLS engines share, sans-IO: bytes go in through {@link #offerInput}
 * and come out of {@link #readOutput}; application data goes in through {@link
 * #writeApplicationData} and out of {@link #readApplicationData}. No threads, sockets or sleeps;
 * time comes from the configured clock. Every failure is one {@link QtlsFatalAlert}, converted in
 * one place ({@link #fail}): the alert is queued for the peer, secrets are destroyed, key
 * reservations are released or consumed, and the engine stays failed.
 *
 * <p>Thread safety: every public entry point (here and in the subclasses) is {@code synchronized}
 * on the engine, so a reader thread feeding {@link #offerInput} (which may send alerts, KeyUpdates
 * or close_notify) and a writer thread calling {@link #writeApplicationData} never seal two records
 * concurrently: the write sequence number, and with it the AEAD nonce, is taken and advanced under
 * one lock. Callers that need several calls to be atomic (the tunnel's socket) may hold the same
 * monitor ({@code synchronized (engine)}) around them.
 */
public abstract class QtlsProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(QtlsProtocol.class);

    /** Largest handshake message body accepted (a discussion message can be large). */
    public static final int MAX_HANDSHAKE_BODY = (1 << 22) + 16;

    static final int MASTER_SECRET_LENGTH = 48;
    private static final int KEY_UPDATE_BYTES = 32;

    /**
     * Bytes of each direction's key pool that application data never uses: they pay for the records
     * of an in-band key refresh (a one-time-padded KeyRefreshRequest or Reference, the
     * KeyRefreshFinished tag) and a final alert, so a refresh can always run. A refresh must bring
     * each direction at least twice this much.
     */
    static final int REFRESH_RESERVE = 256;

    private static final int OTP_KEY_BYTES = 32;

    /** Lifecycle of a connection. */
    public enum Phase {
        HANDSHAKING,
        ESTABLISHED,
        CLOSED,
        FAILED
    }

    protected final QtlsConfig config;
    protected final RecordLayer records = new RecordLayer();
    protected final TranscriptHash transcript = new TranscriptHash();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream appIn = new ByteArrayOutputStream();
    private byte[] handshakeBuffer = new byte[0];
    private byte[] refreshBuffer = new byte[0];

    private Phase phase = Phase.HANDSHAKING;
    private QtlsFatalAlert failure;
    private boolean closeSent;
    private boolean closeRequested;
    private boolean peerClosed;

    /** The in-band key refresh in progress, or null. */
    private KeyRefresh refresh;

    private long refreshesCompleted;

    /** Application data written while this side waits for fresh QKD key (a refresh). */
    private final ArrayDeque<byte[]> queuedWrites = new ArrayDeque<>();

    protected byte[] clientRandom;
    protected byte[] serverRandom;
    protected byte[] sessionId = new byte[0];
    protected CipherSuite suite;
    protected QkdConfigMessage agreedConfig;
    protected QtlsSecret masterSecret;
    protected QtlsSecret replenishSlice;

    /**
     * Bytes of every final key that go back to the modem's authentication pool: the server's
     * setting, announced in SiftedKeyReference, so both sides cut the same slice.
     */
    protected int replenishBytes;

    protected QtlsSecret kemSecret;
    protected final KeyPool clientWritePool = new KeyPool();
    protected final KeyPool serverWritePool = new KeyPool();
    private RecordProtection pendingRead;
    private RecordProtection pendingWrite;

    protected Bb84Discussion discussion;
    protected DistillationResult distillation;
    protected KeyReference keyReference;

    /**
     * The sifted block reserved (server) or fetched (client) for this handshake: every sifted bit,
     * unreduced. Held here, not in the subclasses, so that {@link #destroySecrets()} zeroizes it on
     * every path out of the handshake (success, abort, peer alert, close), not only on success.
     */
    protected SiftedKey sifted;

    protected boolean discussionStarted;
    protected X509Certificate peerCertificate;

    private long writeEpoch;
    private long readEpoch;
    private long writeRecordsInEpoch;
    private long readRecordsInEpoch;
    private Instant writeEpochStart;
    private Instant readEpochStart;
    private long keyUpdatesSent;
    private long keyUpdatesReceived;

    /**
     * False only in tests that play a faulty peer which keeps writing under one key past the TTL
     * (to check that the reader enforces it); never false in a real endpoint.
     */
    boolean writerHonoursTtl = true;

    protected QtlsProtocol(QtlsConfig config) {
        this.config = config;
    }

    /** True for the client engine. */
    protected abstract boolean isClient();

    /** Handles one complete handshake message during the handshake. */
    protected abstract void processHandshake(int type, byte[] body, byte[] transcriptBefore)
            throws QtlsFatalAlert, DecodeException;

    /** Handles a record of the QKD Configuration content type. */
    protected abstract void processQkdConfiguration(byte[] body) throws QtlsFatalAlert;

    /** Handles ChangeCipherSpec; the subclass checks that it is expected now. */
    protected abstract void processChangeCipherSpec() throws QtlsFatalAlert;

    /** This side of a discussion over {@code key}: Alice on the server, Bob on the client. */
    protected abstract Bb84Discussion newDiscussion(SiftedKey key);

    /**
     * Server: reserves sifted key at its modem (for the handshake and for every key refresh);
     * {@code qkd_key_exhausted} when the modem has none.
     */
    protected SiftedKey reserveSiftedKey() throws QtlsFatalAlert {
        throw new IllegalStateException("only the server reserves sifted key");
    }

    /** Client: the sifted key the server's modem reserved under {@code reference}. */
    protected SiftedKey fetchSiftedKey(KeyReference reference, int bits) throws QtlsFatalAlert {
        throw new IllegalStateException("only the client fetches sifted key");
    }

    // ---------------------------------------------------------------- public API

    /** Bytes received from the transport. Throws (after queuing an alert) on a fatal error. */
    public final synchronized void offerInput(byte[] data) throws QtlsFatalAlert {
        offerInput(data, 0, data.length);
    }

    public final synchronized void offerInput(byte[] data, int offset, int length)
            throws QtlsFatalAlert {
        if (phase == Phase.FAILED) {
            throw failure;
        }
        if (phase == Phase.CLOSED) {
            return; // nothing is read once both sides closed
        }
        records.offer(data, offset, length);
        guard(
                () -> {
                    RecordLayer.Record r;
                    while (phase != Phase.FAILED
                            && phase != Phase.CLOSED
                            && (r = records.next()) != null) {
                        if (peerClosed && !refreshTraffic(r)) {
                            continue; // nothing but a key refresh is read after close_notify
                        }
                        dispatch(r);
                    }
                });
    }

    /** Bytes to send to the transport (empty when nothing is pending). */
    public final synchronized byte[] readOutput() {
        byte[] out = output.toByteArray();
        output.reset();
        return out;
    }

    public final synchronized int availableOutputBytes() {
        return output.size();
    }

    /** Application data received so far (empty when none). */
    public final synchronized byte[] readApplicationData() {
        byte[] out = appIn.toByteArray();
        appIn.reset();
        return out;
    }

    public final synchronized int availableInputBytes() {
        return appIn.size();
    }

    /** Protects and queues application data; rekeys first when the TTL says so. */
    public final synchronized void writeApplicationData(byte[] data, int offset, int length)
            throws QtlsFatalAlert {
        if (phase == Phase.FAILED) {
            throw failure;
        }
        if (phase != Phase.ESTABLISHED || closeSent || closeRequested) {
            throw new IllegalStateException("connection is " + phase + ", cannot write");
        }
        guard(
                () -> {
                    int end = offset + length;
                    if (!queuedWrites.isEmpty()) {
                        queuedWrites.add(Arrays.copyOfRange(data, offset, end));
                        return;
                    }
                    int done = writeWhileKeyLasts(data, offset, end);
                    if (done < end) {
                        queuedWrites.add(Arrays.copyOfRange(data, done, end));
                        needFreshKey();
                    }
                });
    }

    /**
     * Writes application records from {@code data[off, end)} while this direction's key pool can
     * pay for them (a pad per record, or a TTL rekey), keeping {@link #REFRESH_RESERVE} back;
     * returns where it stopped ({@code end} when everything was written).
     */
    private int writeWhileKeyLasts(byte[] data, int off, int end) throws QtlsFatalAlert {
        KeyPool pool = ownWritePool();
        do {
            int n = Math.min(RecordLayer.MAX_PLAINTEXT, end - off);
            if (suite.oneTimePad()) {
                long usable = pool.available() - REFRESH_RESERVE - OTP_KEY_BYTES;
                if (usable < 0 || (usable == 0 && n > 0)) {
                    return off;
                }
                n = (int) Math.min(n, usable);
            } else if (rekeyDue()) {
                if (pool.available() - REFRESH_RESERVE < KEY_UPDATE_BYTES) {
                    return off;
                }
                rekeyNow();
            }
            byte[] chunk = Arrays.copyOfRange(data, off, off + n);
            writeRecord(ContentType.APPLICATION_DATA, chunk);
            Arrays.fill(chunk, (byte) 0);
            writeRecordsInEpoch++;
            off += n;
        } while (off < end);
        return off;
    }

    /**
     * True while application data waits for fresh QKD key: a driver must keep feeding received
     * bytes to {@link #offerInput} (the key refresh's replies) and sending {@link #readOutput} for
     * the data to go out.
     */
    public final synchronized boolean isWaitingForKey() {
        return phase == Phase.ESTABLISHED && !queuedWrites.isEmpty();
    }

    /** In-band key refreshes completed on this connection. */
    public final synchronized long keyRefreshes() {
        return refreshesCompleted;
    }

    public final synchronized void writeApplicationData(byte[] data) throws QtlsFatalAlert {
        writeApplicationData(data, 0, data.length);
    }

    /**
     * Sends close_notify: this side writes no more. As in TLS 1.3 (RFC 8446 section 6.1) this
     * closes one direction only; the peer may keep sending until its own close_notify, which is
     * what a tunnel's half-close needs. Before the handshake completes, close abandons it.
     */
    public final synchronized void close() {
        if (phase == Phase.FAILED || closeSent) {
            return;
        }
        if (phase == Phase.ESTABLISHED && !queuedWrites.isEmpty()) {
            closeRequested = true; // close_notify follows the data still waiting for key
            return;
        }
        sendCloseNotify();
    }

    private void sendCloseNotify() {
        try {
            sendAlert(1, AlertDescription.CLOSE_NOTIFY);
        } catch (QtlsFatalAlert e) {
            LOG.debug("close_notify could not be protected: {}", e.description().wireName());
        }
        closeSent = true;
        if (phase == Phase.HANDSHAKING) {
            accountForKeyOnFailure();
            phase = Phase.CLOSED;
            destroySecrets();
        } else {
            maybeFinishClose();
        }
    }

    /**
     * The transport is gone (socket closed, peer vanished, handshake timed out): sends close_notify
     * if it was not sent, ends the connection and destroys every secret now (record keys of both
     * directions, master secret, the unused QKD key in both direction pools, the sifted key),
     * instead of waiting for a close_notify from the peer that will never be read. A handshake in
     * progress is abandoned as by {@link #close()}. Idempotent; nothing can be read or written
     * afterwards.
     */
    public final synchronized void dispose() {
        dropQueuedWrites();
        close();
        if (phase == Phase.ESTABLISHED) {
            phase = Phase.CLOSED;
        }
        accountForRefreshKey();
        destroySecrets();
    }

    /**
     * The driver gives up on the connection (a key refresh or handshake the peer stopped answering
     * in time): fails it with {@code alert}, which is queued for the peer, accounts for the key and
     * destroys every secret, as any fatal alert does. Does nothing if the connection already
     * failed.
     *
     * @return the failure now in force ({@code alert}, or the earlier one)
     */
    public final synchronized QtlsFatalAlert abort(QtlsFatalAlert alert) {
        fail(alert);
        return failure;
    }

    private void maybeFinishClose() {
        if (closeSent && peerClosed && phase == Phase.ESTABLISHED) {
            phase = Phase.CLOSED;
            accountForRefreshKey();
            destroySecrets();
        }
    }

    private void dropQueuedWrites() {
        for (byte[] b : queuedWrites) {
            Arrays.fill(b, (byte) 0);
        }
        queuedWrites.clear();
    }

    public final synchronized Phase phase() {
        return phase;
    }

    public final synchronized boolean isHandshakeComplete() {
        return phase == Phase.ESTABLISHED || (phase == Phase.CLOSED && suite != null);
    }

    /** True once the peer sent close_notify. */
    public final synchronized boolean isPeerClosed() {
        return peerClosed;
    }

    /** The alert that ended the connection, or null. */
    public final synchronized QtlsFatalAlert failure() {
        return failure;
    }

    /** Public facts about the session; null before the discussion completed. */
    public final synchronized QtlsSessionInfo sessionInfo() {
        if (distillation == null || suite == null) {
            return null;
        }
        return new QtlsSessionInfo(
                suite,
                config.authenticationOrder(),
                sessionId.clone(),
                peerCertificate == null ? "-" : peerCertificate.getSubjectX500Principal().getName(),
                String.valueOf(keyReference),
                distillation.qber(),
                distillation.siftedBits(),
                finalKeyBytes,
                distillation.leakedBits());
    }

    /** Fresh QKD key left for later rekeys or pads, per direction (client to server first). */
    public final synchronized long[] keyPoolAvailable() {
        return new long[] {clientWritePool.available(), serverWritePool.available()};
    }

    public final synchronized long keyUpdatesSent() {
        return keyUpdatesSent;
    }

    public final synchronized long keyUpdatesReceived() {
        return keyUpdatesReceived;
    }

    // ---------------------------------------------------------------- error conversion

    private interface Step {
        void run() throws QtlsFatalAlert, DecodeException;
    }

    private void guard(Step step) throws QtlsFatalAlert {
        try {
            step.run();
        } catch (QtlsFatalAlert e) {
            fail(e);
            throw e;
        } catch (DecodeException e) {
            QtlsFatalAlert a = new QtlsFatalAlert(AlertDescription.DECODE_ERROR, e.getMessage());
            fail(a);
            throw a;
        } catch (RuntimeException e) {
            LOG.warn("internal error in Quantum TLS engine", e);
            QtlsFatalAlert a =
                    new QtlsFatalAlert(AlertDescription.INTERNAL_ERROR, "internal error", e);
            fail(a);
            throw a;
        }
    }

    /** The one place a failure is converted: alert out, secrets gone, key accounted for. */
    private void fail(QtlsFatalAlert e) {
        if (phase == Phase.FAILED) {
            return;
        }
        LOG.info(
                "{} connection failed: {}{}",
                isClient() ? "client" : "server",
                e.getMessage(),
                e.receivedFromPeer() ? "" : " (alert sent)");
        if (!e.receivedFromPeer() && !closeSent) {
            try {
                sendAlert(2, e.description());
            } catch (QtlsFatalAlert | RuntimeException ignored) {
                LOG.debug("alert could not be protected; closing without it");
            }
        }
        failure = e;
        phase = Phase.FAILED;
        accountForKeyOnFailure();
        accountForRefreshKey();
        destroySecrets();
    }

    /**
     * A key refresh that ends unfinished: its sifted key is CONSUMEd when the discussion disclosed
     * anything, else the server RELEASEs its reservation.
     */
    private void accountForRefreshKey() {
        KeyRefresh r = refresh;
        if (r == null || r.reference == null) {
            return;
        }
        try {
            if (r.discussionStarted) {
                config.keySource().consume(r.reference);
            } else if (!isClient()) {
                config.keySource().release(r.reference);
            }
        } catch (KeySourceException ex) {
            LOG.warn("could not return {} to the modem: {}", r.reference, ex.getMessage());
        }
        r.destroy();
        refresh = null;
    }

    private void accountForKeyOnFailure() {
        if (keyReference == null) {
            return;
        }
        try {
            if (discussionStarted) {
                // Bits were disclosed: this key can never be used again.
                config.keySource().consume(keyReference);
            } else if (!isClient()) {
                config.keySource().release(keyReference);
            }
        } catch (KeySourceException ex) {
            LOG.warn("could not return {} to the modem: {}", keyReference, ex.getMessage());
        }
    }

    private void destroySecrets() {
        if (sifted != null) {
            sifted.destroy();
        }
        records.destroy();
        if (masterSecret != null) {
            masterSecret.destroy();
        }
        if (replenishSlice != null) {
            replenishSlice.destroy();
        }
        if (kemSecret != null) {
            kemSecret.destroy();
        }
        if (pendingRead != null) {
            pendingRead.destroy();
        }
        if (pendingWrite != null) {
            pendingWrite.destroy();
        }
        if (discussion != null) {
            discussion.destroy();
        }
        if (distillation != null) {
            distillation.finalKey().destroy();
        }
        if (refresh != null) {
            refresh.destroy();
        }
        dropQueuedWrites();
        Arrays.fill(refreshBuffer, (byte) 0);
        refreshBuffer = new byte[0];
        clientWritePool.destroy();
        serverWritePool.destroy();
    }

    // ---------------------------------------------------------------- dispatch

    private void dispatch(RecordLayer.Record r) throws QtlsFatalAlert, DecodeException {
        byte[] p = r.plaintext();
        switch (r.type()) {
            case ContentType.ALERT -> handleAlert(p);
            case ContentType.HANDSHAKE -> handleHandshakeBytes(p);
            case ContentType.CHANGE_CIPHER_SPEC -> {
                if (p.length != 1 || p[0] != 1) {
                    throw new QtlsFatalAlert(
                            AlertDescription.DECODE_ERROR, "malformed ChangeCipherSpec");
                }
                if (handshakeBuffer.length != 0) {
                    throw new QtlsFatalAlert(
                            AlertDescription.UNEXPECTED_MESSAGE,
                            "ChangeCipherSpec inside a handshake message");
                }
                processChangeCipherSpec();
            }
            case ContentType.APPLICATION_DATA -> handleApplicationData(p);
            case ContentType.QKD_KEY_REFRESH -> {
                if (phase != Phase.ESTABLISHED) {
                    throw new QtlsFatalAlert(
                            AlertDescription.UNEXPECTED_MESSAGE,
                            "key refresh record outside an established connection");
                }
                refreshBuffer = splitMessages(refreshBuffer, p, this::handleRefreshMessage);
            }
            case ContentType.QKD_CONFIGURATION -> {
                if (phase != Phase.HANDSHAKING) {
                    throw new QtlsFatalAlert(
                            AlertDescription.UNEXPECTED_MESSAGE,
                            "QKD Configuration after the handshake");
                }
                processQkdConfiguration(p);
            }
            default ->
                    throw new QtlsFatalAlert(
                            AlertDescription.UNEXPECTED_MESSAGE, "record type " + r.type());
        }
    }

    private void handleAlert(byte[] p) throws QtlsFatalAlert {
        if (p.length != 2) {
            throw new QtlsFatalAlert(AlertDescription.DECODE_ERROR, "malformed alert");
        }
        AlertDescription d = AlertDescription.fromCode(p[1] & 0xFF);
        if (d == AlertDescription.CLOSE_NOTIFY) {
            if (phase == Phase.HANDSHAKING) {
                throw new QtlsFatalAlert(
                        AlertDescription.HANDSHAKE_FAILURE, "peer closed during the handshake");
            }
            peerClosed = true;
            maybeFinishClose();
            return;
        }
        throw QtlsFatalAlert.received(d == null ? AlertDescription.INTERNAL_ERROR : d);
    }

    /** Handles one complete message of a handshake-framed stream. */
    private interface MessageHandler {
        void handle(int type, byte[] body, byte[] framed) throws QtlsFatalAlert, DecodeException;
    }

    private void handleHandshakeBytes(byte[] p) throws QtlsFatalAlert, DecodeException {
        handshakeBuffer =
                splitMessages(
                        handshakeBuffer,
                        p,
                        (type, body, framed) -> {
                            if (phase == Phase.ESTABLISHED || phase == Phase.CLOSED) {
                                handlePostHandshake(type, body, framed);
                            } else {
                                byte[] before = transcript.current();
                                transcript.update(framed);
                                processHandshake(type, body, before);
                            }
                        });
    }

    /**
     * Splits {@code buffered || p} into handshake-framed messages ({@code msg_type(1) length(3)
     * body}), hands each whole one to {@code handler} and returns the unfinished rest.
     */
    private byte[] splitMessages(byte[] buffered, byte[] p, MessageHandler handler)
            throws QtlsFatalAlert, DecodeException {
        byte[] buf = new byte[buffered.length + p.length];
        System.arraycopy(buffered, 0, buf, 0, buffered.length);
        System.arraycopy(p, 0, buf, buffered.length, p.length);
        int pos = 0;
        while (buf.length - pos >= HandshakeType.HEADER_LENGTH) {
            int type = buf[pos] & 0xFF;
            int len =
                    ((buf[pos + 1] & 0xFF) << 16)
                            | ((buf[pos + 2] & 0xFF) << 8)
                            | (buf[pos + 3] & 0xFF);
            if (len > MAX_HANDSHAKE_BODY) {
                throw new QtlsFatalAlert(
                        AlertDescription.DECODE_ERROR, "handshake message of " + len + " bytes");
            }
            if (buf.length - pos < HandshakeType.HEADER_LENGTH + len) {
                break;
            }
            byte[] framed = Arrays.copyOfRange(buf, pos, pos + HandshakeType.HEADER_LENGTH + len);
            byte[] body = Arrays.copyOfRange(framed, HandshakeType.HEADER_LENGTH, framed.length);
            pos += framed.length;
            handler.handle(type, body, framed);
            if (phase == Phase.FAILED) {
                return new byte[0];
            }
        }
        byte[] rest = Arrays.copyOfRange(buf, pos, buf.length);
        if (rest.length != 0 && p.length < RecordLayer.MAX_PLAINTEXT) {
            // Our senders split a handshake message across records only by filling each record
            // but the last; a short record that leaves a message unfinished is malformed (and
            // waiting for the rest would hang the handshake).
            throw new QtlsFatalAlert(
                    AlertDescription.DECODE_ERROR, "handshake message truncated at record end");
        }
        return rest;
    }

    private void handlePostHandshake(int type, byte[] body, byte[] framed)
            throws QtlsFatalAlert, DecodeException {
        switch (type) {
            case HandshakeType.KEY_UPDATE -> onKeyUpdate(body);
            case HandshakeType.KEY_REFRESH_REQUEST -> {
                if (isClient()) {
                    throw unexpected("post-handshake", type);
                }
                onRefreshRequest(KeyRefreshRequest.decode(body));
            }
            case HandshakeType.KEY_REFRESH_REFERENCE -> {
                if (!isClient()) {
                    throw unexpected("post-handshake", type);
                }
                onRefreshReference(KeyRefreshReference.decode(body), framed);
            }
            default ->
                    throw new QtlsFatalAlert(
                            AlertDescription.UNEXPECTED_MESSAGE,
                            HandshakeType.name(type) + " after the handshake");
        }
    }

    private void onKeyUpdate(byte[] body) throws QtlsFatalAlert, DecodeException {
        KeyUpdate ku = KeyUpdate.decode(body);
        if (suite.oneTimePad()) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE, "KeyUpdate in one-time-pad mode");
        }
        if (ku.epoch() != readEpoch + 1) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "KeyUpdate epoch " + ku.epoch() + ", expected " + (readEpoch + 1));
        }
        KeyPool pool = isClient() ? serverWritePool : clientWritePool;
        byte[] fresh = pool.drawAt(ku.keyOffset(), KEY_UPDATE_BYTES);
        readEpoch = ku.epoch();
        records.setReadProtection(updatedProtection(fresh, readEpoch, !isClient()));
        readRecordsInEpoch = 0;
        readEpochStart = config.clock().instant();
        keyUpdatesReceived++;
        LOG.debug("read keys updated to epoch {}", readEpoch);
    }

    private void handleApplicationData(byte[] p) throws QtlsFatalAlert {
        if (phase != Phase.ESTABLISHED && phase != Phase.CLOSED) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE, "application data before Finished");
        }
        readRecordsInEpoch++;
        if (!suite.oneTimePad()) {
            int ttl = agreedConfig.ttl();
            if (agreedConfig.ttlUnit() == TtlUnit.MESSAGES && readRecordsInEpoch > ttl) {
                throw new QtlsFatalAlert(
                        AlertDescription.TTL_EXCEEDED,
                        "peer sent " + readRecordsInEpoch + " records under one key, TTL " + ttl);
            }
            if (agreedConfig.ttlUnit() == TtlUnit.SECONDS) {
                long age = Duration.between(readEpochStart, config.clock().instant()).getSeconds();
                if (age > (long) ttl + config.ttlGraceSeconds()) {
                    throw new QtlsFatalAlert(
                            AlertDescription.TTL_EXCEEDED,
                            "peer kept a key " + age + " s, TTL " + ttl + " s");
                }
            }
        }
        appIn.write(p, 0, p.length);
    }

    // ---------------------------------------------------------------- sending

    protected final void send(HandshakeMessage m) throws QtlsFatalAlert {
        byte[] framed = m.frame();
        transcript.update(framed);
        writeRecord(ContentType.HANDSHAKE, framed);
    }

    /** Seals and queues; runs under the engine's lock (every caller is an entry point). */
    protected final void writeRecord(int type, byte[] data) throws QtlsFatalAlert {
        byte[] wire = records.seal(type, data);
        output.write(wire, 0, wire.length);
    }

    private void sendAlert(int level, AlertDescription d) throws QtlsFatalAlert {
        writeRecord(ContentType.ALERT, new byte[] {(byte) level, (byte) d.code()});
    }

    protected final void sendChangeCipherSpec() throws QtlsFatalAlert {
        writeRecord(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1});
        records.setWriteProtection(pendingWrite);
        pendingWrite = null;
        writeEpochStart = config.clock().instant();
    }

    protected final void activateReadProtection() {
        records.setReadProtection(pendingRead);
        pendingRead = null;
        readEpochStart = config.clock().instant();
    }

    protected final void markEstablished() {
        phase = Phase.ESTABLISHED;
        LOG.info("{} established: {}", isClient() ? "client" : "server", sessionInfo());
    }

    // ---------------------------------------------------------------- discussion

    /** Sends whatever the discussion has to send; true once it is complete. */
    protected final boolean pumpDiscussion() throws QtlsFatalAlert {
        byte[] m;
        while ((m = discussion.nextOutbound()) != null) {
            send(new io.qkdmodem.agent.qtls.message.Bb84Discussion(m));
        }
        return discussion.isComplete();
    }

    private int finalKeyBytes;

    /**
     * Splits the distilled final key F: K = F[0, Key-Length) is the pre_master_secret (followed by
     * the ML-KEM shared secret in hybrid suites), the next replenish bytes go back to the modem,
     * and the surplus is split between the two direction pools for rekeys and pads. Then
     * master_secret = PRF(pre_master_secret, "master secret", ClientHello.random +
     * ServerHello.random) (RFC 5246 section 8.1) and the pending record protections.
     */
    protected final void deriveSessionSecrets() throws QtlsFatalAlert {
        distillation = discussion.result();
        QtlsSecret f = distillation.finalKey();
        int keyLength = agreedConfig.keyLengthBytes();
        int replenish = replenishBytes;
        finalKeyBytes = f.length();
        if (f.length() < keyLength + replenish) {
            throw new QtlsFatalAlert(
                    AlertDescription.KEY_DISTILLATION_FAILED,
                    "distillation yielded "
                            + f.length()
                            + " bytes, K ("
                            + keyLength
                            + ") and the replenish slice (replenish-bytes "
                            + replenish
                            + ") need "
                            + (keyLength + replenish)
                            + "; lower replenish-bytes or raise sifted-bits");
        }
        byte[] all = f.extract();
        try {
            byte[] k = Arrays.copyOfRange(all, 0, keyLength);
            replenishSlice =
                    QtlsSecret.adopt(Arrays.copyOfRange(all, keyLength, keyLength + replenish));
            int surplus = all.length - keyLength - replenish;
            int half = surplus / 2;
            clientWritePool.append(
                    Arrays.copyOfRange(all, keyLength + replenish, keyLength + replenish + half));
            serverWritePool.append(
                    Arrays.copyOfRange(
                            all, keyLength + replenish + half, keyLength + replenish + 2 * half));
            byte[] pms;
            if (suite.hybrid()) {
                byte[] ss = kemSecret.extract();
                pms = new byte[k.length + ss.length];
                System.arraycopy(k, 0, pms, 0, k.length);
                System.arraycopy(ss, 0, pms, k.length, ss.length);
                Arrays.fill(ss, (byte) 0);
                Arrays.fill(k, (byte) 0);
            } else {
                pms = k;
            }
            QtlsSecret preMaster = QtlsSecret.adopt(pms);
            masterSecret =
                    preMaster.derive(
                            "master secret",
                            concat(clientRandom, serverRandom),
                            MASTER_SECRET_LENGTH);
            preMaster.destroy();
        } finally {
            Arrays.fill(all, (byte) 0);
            f.destroy();
        }
        if (suite.oneTimePad()) {
            RecordProtection c = new OneTimePadProtection(clientWritePool);
            RecordProtection s = new OneTimePadProtection(serverWritePool);
            pendingWrite = isClient() ? c : s;
            pendingRead = isClient() ? s : c;
        } else {
            // RFC 5246 section 6.3; AEAD suites have no MAC keys.
            int kl = suite.recordAlgorithm().keyLength();
            int il = suite.recordAlgorithm().ivLength();
            QtlsSecret block =
                    masterSecret.derive(
                            "key expansion", concat(serverRandom, clientRandom), 2 * kl + 2 * il);
            byte[] kb = block.extract();
            block.destroy();
            RecordProtection c =
                    config.crypto()
                            .aead(
                                    suite.recordAlgorithm(),
                                    Arrays.copyOfRange(kb, 0, kl),
                                    Arrays.copyOfRange(kb, 2 * kl, 2 * kl + il));
            RecordProtection s =
                    config.crypto()
                            .aead(
                                    suite.recordAlgorithm(),
                                    Arrays.copyOfRange(kb, kl, 2 * kl),
                                    Arrays.copyOfRange(kb, 2 * kl + il, 2 * kl + 2 * il));
            Arrays.fill(kb, (byte) 0);
            pendingWrite = isClient() ? c : s;
            pendingRead = isClient() ? s : c;
        }
    }

    /**
     * After Finished both ways: consume the sifted key, hand the replenish slice to the modem. The
     * two steps are independent: a consume that fails (the modem will refuse the reference later
     * anyway, or the host retries) must not skip the replenish, or this side's authentication pool
     * falls behind the peer's, which did replenish (see docs/security.md, "Authentication pool
     * alignment").
     */
    protected final void settleKeyWithModem() {
        settleKeyWithModem(keyReference, replenishSlice);
    }

    private void settleKeyWithModem(KeyReference reference, QtlsSecret slice) {
        try {
            try {
                config.keySource().consume(reference);
            } catch (KeySourceException e) {
                LOG.warn("modem did not consume {}: {}", reference, e.getMessage());
            }
            if (slice.length() > 0) {
                try {
                    config.keySource().replenish(reference, slice);
                } catch (KeySourceException e) {
                    LOG.warn(
                            "modem did not take the replenish slice of {} ({} bytes): {}; its"
                                    + " authentication pool is now behind the peer's",
                            reference,
                            slice.length(),
                            e.getMessage());
                }
            }
        } finally {
            slice.destroy();
        }
    }

    // ---------------------------------------------------------------- Finished, CertificateVerify

    /** verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]. */
    protected final byte[] verifyData(boolean fromClient, byte[] transcriptHash) {
        return masterSecret.prfPublic(
                fromClient ? "client finished" : "server finished",
                transcriptHash,
                Finished.VERIFY_DATA_LENGTH);
    }

    protected final void sendFinished() throws QtlsFatalAlert {
        send(new Finished(verifyData(isClient(), transcript.current())));
    }

    protected final void checkFinished(byte[] body, byte[] transcriptBefore)
            throws QtlsFatalAlert, DecodeException {
        Finished f = Finished.decode(body);
        byte[] expected = verifyData(!isClient(), transcriptBefore);
        if (!java.security.MessageDigest.isEqual(expected, f.verifyData())) {
            throw new QtlsFatalAlert(AlertDescription.DECRYPT_ERROR, "Finished does not verify");
        }
    }

    /** What CertificateVerify signs: a role context string, a zero byte, the transcript hash. */
    protected static byte[] signedContent(boolean byClient, byte[] transcriptHash) {
        byte[] ctx =
                ("Quantum TLS, " + (byClient ? "client" : "server") + " CertificateVerify")
                        .getBytes(StandardCharsets.US_ASCII);
        return new ByteWriter().bytes(ctx).u8(0).bytes(transcriptHash).toByteArray();
    }

    protected final void sendCertificateVerify() throws QtlsFatalAlert {
        SignatureScheme scheme = config.signatureScheme();
        try {
            byte[] sig =
                    config.crypto()
                            .sign(
                                    scheme,
                                    config.privateKey(),
                                    signedContent(isClient(), transcript.current()));
            send(new CertificateVerify(scheme.code(), sig));
        } catch (GeneralSecurityException e) {
            throw new QtlsFatalAlert(AlertDescription.INTERNAL_ERROR, "signing failed", e);
        }
    }

    protected final void checkCertificateVerify(byte[] body, byte[] transcriptBefore)
            throws QtlsFatalAlert, DecodeException {
        CertificateVerify cv = CertificateVerify.decode(body);
        SignatureScheme scheme = SignatureScheme.fromCode(cv.algorithm());
        SignatureScheme expected = SignatureScheme.forKey(peerCertificate.getPublicKey());
        if (scheme == null || scheme != expected) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "signature algorithm 0x" + Integer.toHexString(cv.algorithm()));
        }
        boolean ok =
                config.crypto()
                        .verify(
                                scheme,
                                peerCertificate.getPublicKey(),
                                signedContent(!isClient(), transcriptBefore),
                                cv.signature());
        if (!ok) {
            throw new QtlsFatalAlert(
                    AlertDescription.DECRYPT_ERROR, "CertificateVerify signature does not verify");
        }
    }

    protected final void sendCertificate() throws QtlsFatalAlert {
        List<byte[]> ders = new ArrayList<>();
        try {
            for (X509Certificate c : config.certificateChain()) {
                ders.add(c.getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new QtlsFatalAlert(AlertDescription.INTERNAL_ERROR, "certificate encoding", e);
        }
        send(new CertificateMessage(ders));
    }

    /** Decodes and validates the peer's chain; sets {@link #peerCertificate}. */
    protected final void acceptPeerCertificate(byte[] body) throws QtlsFatalAlert, DecodeException {
        CertificateMessage m = CertificateMessage.decode(body);
        if (m.chain().isEmpty()) {
            throw new QtlsFatalAlert(
                    AlertDescription.HANDSHAKE_FAILURE, "peer sent no certificate");
        }
        List<X509Certificate> chain = new ArrayList<>();
        SignatureScheme peerScheme;
        try {
            for (byte[] der : m.chain()) {
                X509Certificate cert = config.crypto().decodeCertificate(der);
                cert.getPublicKey(); // BC decodes the key lazily; a bad point fails here
                chain.add(cert);
            }
            peerScheme = SignatureScheme.forKey(chain.get(0).getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new QtlsFatalAlert(AlertDescription.BAD_CERTIFICATE, "undecodable certificate");
        }
        if (peerScheme == null) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNSUPPORTED_CERTIFICATE,
                    "peer key is not ECDSA P-256 or Ed25519");
        }
        try {
            config.crypto()
                    .validateChain(
                            chain, config.trustAnchors(), Date.from(config.clock().instant()));
        } catch (GeneralSecurityException | RuntimeException e) {
            Throwable c = e;
            while (c != null) {
                if (c instanceof CertificateExpiredException
                        || c instanceof CertificateNotYetValidException) {
                    throw new QtlsFatalAlert(
                            AlertDescription.CERTIFICATE_EXPIRED,
                            "peer certificate outside its validity");
                }
                c = c.getCause();
            }
            throw new QtlsFatalAlert(
                    AlertDescription.BAD_CERTIFICATE,
                    "peer chain does not validate: " + e.getMessage());
        }
        peerCertificate = chain.get(0);
    }

    // ---------------------------------------------------------------- in-band key refresh

    /** Whether a record belongs to a key refresh (read even after the peer's close_notify). */
    private static boolean refreshTraffic(RecordLayer.Record r) {
        if (r.type() == ContentType.QKD_KEY_REFRESH) {
            return true;
        }
        if (r.type() != ContentType.HANDSHAKE || r.plaintext().length == 0) {
            return false;
        }
        int t = r.plaintext()[0] & 0xFF;
        return t == HandshakeType.KEY_REFRESH_REQUEST || t == HandshakeType.KEY_REFRESH_REFERENCE;
    }

    /**
     * This side's pool cannot pay for the next record: start a key refresh (server) or ask for one
     * (client), unless one is already running; it refills both directions.
     */
    private void needFreshKey() throws QtlsFatalAlert {
        if (refresh != null) {
            return;
        }
        long epoch = refreshesCompleted + 1;
        LOG.info("{} needs fresh QKD key: key refresh {}", isClient() ? "client" : "server", epoch);
        if (isClient()) {
            refresh = new KeyRefresh(epoch);
            writeRecord(ContentType.HANDSHAKE, new KeyRefreshRequest(epoch).frame());
        } else {
            startRefreshAsServer(epoch);
        }
    }

    private void startRefreshAsServer(long epoch) throws QtlsFatalAlert {
        KeyRefresh r = new KeyRefresh(epoch);
        refresh = r;
        r.sifted = reserveSiftedKey();
        r.reference = r.sifted.reference();
        byte[] framed =
                new KeyRefreshReference(epoch, r.reference.id(), r.sifted.bitLength()).frame();
        r.record(false, framed);
        writeRecord(ContentType.HANDSHAKE, framed);
        LOG.info("key refresh {} on {} ({} sifted bits)", epoch, r.reference, r.sifted.bitLength());
        r.discussion = newDiscussion(r.sifted);
        r.discussionStarted = true;
        pumpRefresh();
    }

    private void onRefreshRequest(KeyRefreshRequest m) throws QtlsFatalAlert {
        if (refresh != null && refresh.epoch == m.epoch()) {
            return; // crossed with our own start of the same refresh
        }
        if (refresh != null || m.epoch() != refreshesCompleted + 1) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "KeyRefreshRequest for refresh " + m.epoch() + " out of order");
        }
        LOG.info("client asked for key refresh {}", m.epoch());
        startRefreshAsServer(m.epoch());
    }

    private void onRefreshReference(KeyRefreshReference m, byte[] framed) throws QtlsFatalAlert {
        boolean expected =
                refresh == null
                        ? m.epoch() == refreshesCompleted + 1
                        : refresh.epoch == m.epoch() && refresh.reference == null;
        if (!expected) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "KeyRefreshReference for refresh " + m.epoch() + " out of order");
        }
        if (refresh == null) {
            refresh = new KeyRefresh(m.epoch());
        }
        KeyRefresh r = refresh;
        r.reference = new KeyReference(m.reference());
        r.record(false, framed);
        r.sifted = fetchSiftedKey(r.reference, m.siftedBits());
        LOG.info("key refresh {} on {} ({} sifted bits)", r.epoch, r.reference, m.siftedBits());
        r.discussion = newDiscussion(r.sifted);
        r.discussionStarted = true;
        pumpRefresh();
    }

    /** Sends the refresh discussion's pending messages, then KeyRefreshFinished once it ends. */
    private void pumpRefresh() throws QtlsFatalAlert {
        KeyRefresh r = refresh;
        byte[] m;
        while ((m = r.discussion.nextOutbound()) != null) {
            byte[] framed = new io.qkdmodem.agent.qtls.message.Bb84Discussion(m).frame();
            r.record(isClient(), framed);
            writeRecord(ContentType.QKD_KEY_REFRESH, framed);
        }
        if (r.discussion.isComplete() && !r.ownFinishedSent) {
            KeyPool.Draw d = ownWritePool().draw(KeyRefresh.TAG_KEY_BYTES);
            byte[] tag = r.tag(d.bytes(), clientRandom, serverRandom, isClient(), d.offset());
            r.ownFinishedSent = true;
            writeRecord(
                    ContentType.QKD_KEY_REFRESH,
                    new KeyRefreshFinished(r.epoch, d.offset(), tag).frame());
        }
    }

    private void handleRefreshMessage(int type, byte[] body, byte[] framed)
            throws QtlsFatalAlert, DecodeException {
        KeyRefresh r = refresh;
        if (r == null || r.discussion == null) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE,
                    HandshakeType.name(type) + " without a key refresh in progress");
        }
        switch (type) {
            case HandshakeType.BB84_DISCUSSION -> {
                r.record(!isClient(), framed);
                r.discussion.onInbound(
                        io.qkdmodem.agent.qtls.message.Bb84Discussion.decode(body).payload());
                pumpRefresh();
            }
            case HandshakeType.KEY_REFRESH_FINISHED -> {
                KeyRefreshFinished f = KeyRefreshFinished.decode(body);
                if (!r.ownFinishedSent) {
                    throw new QtlsFatalAlert(
                            AlertDescription.UNEXPECTED_MESSAGE,
                            "KeyRefreshFinished before this side's discussion ended");
                }
                if (f.epoch() != r.epoch) {
                    throw new QtlsFatalAlert(
                            AlertDescription.ILLEGAL_PARAMETER,
                            "KeyRefreshFinished for refresh " + f.epoch() + ", not " + r.epoch);
                }
                byte[] key = peerWritePool().drawAt(f.keyOffset(), KeyRefresh.TAG_KEY_BYTES);
                byte[] expected =
                        r.tag(key, clientRandom, serverRandom, !isClient(), f.keyOffset());
                if (!java.security.MessageDigest.isEqual(expected, f.tag())) {
                    throw new QtlsFatalAlert(
                            AlertDescription.DECRYPT_ERROR, "KeyRefreshFinished does not verify");
                }
                commitRefresh();
            }
            default ->
                    throw new QtlsFatalAlert(
                            AlertDescription.UNEXPECTED_MESSAGE,
                            HandshakeType.name(type) + " in a key refresh record");
        }
    }

    /**
     * Both KeyRefreshFinished verified: the new final key F' is split as the handshake's surplus
     * (replenish slice for the modem, then one half per direction pool), the reference is CONSUMEd,
     * and the data that waited for key goes out.
     */
    private void commitRefresh() throws QtlsFatalAlert {
        KeyRefresh r = refresh;
        DistillationResult d = r.discussion.result();
        QtlsSecret f = d.finalKey();
        int replenish = replenishBytes;
        QtlsSecret slice;
        int half;
        try {
            half = Math.max(0, f.length() - replenish) / 2;
            if (half < 2 * REFRESH_RESERVE) {
                throw new QtlsFatalAlert(
                        AlertDescription.KEY_DISTILLATION_FAILED,
                        "key refresh distilled "
                                + f.length()
                                + " bytes; the replenish slice (replenish-bytes "
                                + replenish
                                + ") and two pools need "
                                + (replenish + 4 * REFRESH_RESERVE));
            }
            byte[] all = f.extract();
            try {
                slice = QtlsSecret.adopt(Arrays.copyOfRange(all, 0, replenish));
                clientWritePool.append(Arrays.copyOfRange(all, replenish, replenish + half));
                serverWritePool.append(
                        Arrays.copyOfRange(all, replenish + half, replenish + 2 * half));
            } finally {
                Arrays.fill(all, (byte) 0);
            }
        } finally {
            f.destroy();
        }
        settleKeyWithModem(r.reference, slice);
        r.destroy();
        refresh = null;
        refreshesCompleted++;
        LOG.info(
                "key refresh {} done on {}: QBER {}, {} bytes per direction",
                r.epoch,
                r.reference,
                String.format("%.4f", d.qber()),
                half);
        flushQueuedWrites();
    }

    /** Writes what waited for key; asks for another refresh if it still does not all fit. */
    private void flushQueuedWrites() throws QtlsFatalAlert {
        while (!queuedWrites.isEmpty()) {
            byte[] b = queuedWrites.peek();
            int done = writeWhileKeyLasts(b, 0, b.length);
            if (done < b.length) {
                queuedWrites.poll();
                queuedWrites.addFirst(Arrays.copyOfRange(b, done, b.length));
                Arrays.fill(b, (byte) 0);
                needFreshKey();
                return;
            }
            queuedWrites.poll();
            Arrays.fill(b, (byte) 0);
        }
        if (closeRequested && !closeSent) {
            sendCloseNotify();
        }
    }

    // ---------------------------------------------------------------- TTL and rekey

    /** Whether the TTL says the write keys must change before the next application record. */
    private boolean rekeyDue() {
        if (suite.oneTimePad() || !writerHonoursTtl) {
            return false; // a pad is fresh for every record (or a test plays a faulty peer)
        }
        int ttl = agreedConfig.ttl();
        return agreedConfig.ttlUnit() == TtlUnit.MESSAGES
                ? writeRecordsInEpoch >= ttl
                : Duration.between(writeEpochStart, config.clock().instant()).getSeconds() >= ttl;
    }

    private KeyPool ownWritePool() {
        return isClient() ? clientWritePool : serverWritePool;
    }

    private KeyPool peerWritePool() {
        return isClient() ? serverWritePool : clientWritePool;
    }

    private void rekeyNow() throws QtlsFatalAlert {
        KeyPool pool = ownWritePool();
        KeyPool.Draw d = pool.draw(KEY_UPDATE_BYTES);
        long epoch = writeEpoch + 1;
        byte[] framed = new KeyUpdate(epoch, d.offset()).frame();
        writeRecord(ContentType.HANDSHAKE, framed);
        records.setWriteProtection(updatedProtection(d.bytes(), epoch, isClient()));
        writeEpoch = epoch;
        writeRecordsInEpoch = 0;
        writeEpochStart = config.clock().instant();
        keyUpdatesSent++;
        LOG.debug("write keys updated to epoch {}", epoch);
    }

    /** Keys for one direction from 32 fresh QKD bytes (zeroized here). */
    private RecordProtection updatedProtection(byte[] fresh, long epoch, boolean clientDirection) {
        int kl = suite.recordAlgorithm().keyLength();
        int il = suite.recordAlgorithm().ivLength();
        byte[] seed =
                new ByteWriter()
                        .bytes(clientRandom)
                        .bytes(serverRandom)
                        .u32(epoch)
                        .u8(clientDirection ? 0 : 1)
                        .toByteArray();
        QtlsSecret s = QtlsSecret.adopt(fresh);
        byte[] kb = s.prfPublic("qkd key update", seed, kl + il);
        s.destroy();
        RecordProtection p =
                config.crypto()
                        .aead(
                                suite.recordAlgorithm(),
                                Arrays.copyOfRange(kb, 0, kl),
                                Arrays.copyOfRange(kb, kl, kl + il));
        Arrays.fill(kb, (byte) 0);
        return p;
    }

    protected static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    protected static QtlsFatalAlert unexpected(Object state, int type) {
        return new QtlsFatalAlert(
                AlertDescription.UNEXPECTED_MESSAGE,
                HandshakeType.name(type) + " in state " + state);
    }
}
