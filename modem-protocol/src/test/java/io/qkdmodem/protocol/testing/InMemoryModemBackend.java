package io.qkdmodem.protocol.testing;

import io.qkdmodem.protocol.message.CountsResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.EventKind;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.ReplenishResponse;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.qkdconfig.QkdProtocol;
import io.qkdmodem.protocol.session.ModemBackend;
import io.qkdmodem.protocol.session.ModemException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link ModemBackend} in memory, for tests and for the host agent's tests (published in this
 * module's test-jar). Key bits are a deterministic function of a link seed and the reference
 * (HMAC-SHA256 in counter mode), so two backends built with the same seed behave like the two
 * modems of one link: the bits Alice's side reserves under a reference are the bits Bob's side
 * reserves by that reference. Idempotent on request ids; consumed bits are zeroized and never
 * served again. Thread-safe.
 */
public final class InMemoryModemBackend implements ModemBackend {

    private static final class Reservation {
        final long requestId;
        final KeyRef ref;
        final int bits;
        final byte[] key;
        boolean consumed;

        Reservation(long requestId, KeyRef ref, int bits, byte[] key) {
            this.requestId = requestId;
            this.ref = ref;
            this.bits = bits;
            this.key = key;
        }
    }

    private final byte[] linkSeed;

    /** A RESERVE's idempotence key: the client's epoch and its request id. */
    private record RequestKey(long epoch, long requestId) {}

    private final Map<RequestKey, Reservation> byRequest = new HashMap<>();
    private final Map<KeyRef, Reservation> byRef = new HashMap<>();

    /** Slices placed, by the reference that names their place (as the firmware's pool does). */
    private final Map<KeyRef, byte[]> replenished = new HashMap<>();

    private long availableBits;
    private long reservedBits;
    private long cursor;
    private long poolBits;
    private final long poolCapacityBits;
    private long blocks;
    private QkdConfigMessage lastConfig;
    private volatile Consumer<EventMessage> sink = e -> {};

    /** A backend holding {@code availableBits} of key derived from {@code linkSeed}. */
    public InMemoryModemBackend(long linkSeed, long availableBits) {
        this.linkSeed = ByteBuffer.allocate(8).putLong(linkSeed).array();
        this.availableBits = availableBits;
        this.poolCapacityBits = 1L << 24;
        this.blocks = 1;
    }

    /** The key bytes that reference {@code ref} names on a link with this seed. */
    public static byte[] expectedKey(long linkSeed, KeyRef ref, int bits) {
        return derive(ByteBuffer.allocate(8).putLong(linkSeed).array(), ref, bits);
    }

    private static byte[] derive(byte[] seed, KeyRef ref, int bits) {
        int n = (bits + 7) / 8;
        byte[] out = new byte[n];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            int off = 0;
            for (int counter = 0; off < n; counter++) {
                mac.update(ref.bytes());
                mac.update(ByteBuffer.allocate(4).putInt(counter).array());
                byte[] block = mac.doFinal();
                int k = Math.min(block.length, n - off);
                System.arraycopy(block, 0, out, off, k);
                off += k;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (bits % 8 != 0) {
            out[n - 1] &= (byte) (0xFF << (8 - bits % 8));
        }
        return out;
    }

    /** Adds fresh key bits (as a new sifted block would) and raises BLOCK_READY. */
    public void addBits(long bits) {
        long now;
        synchronized (this) {
            availableBits += bits;
            blocks++;
            now = availableBits;
        }
        sink.accept(new EventMessage(EventKind.BLOCK_READY, now));
    }

    /** Raises an event as the firmware would. */
    public void raise(EventMessage e) {
        sink.accept(e);
    }

    public synchronized QkdConfigMessage lastConfig() {
        return lastConfig;
    }

    public synchronized long poolBits() {
        return poolBits;
    }

    public synchronized long availableBits() {
        return availableBits;
    }

    /** How many distinct reservations exist (a retransmitted RESERVE must not add one). */
    public synchronized int reservations() {
        return byRef.size();
    }

    @Override
    public synchronized StatusResponse status() {
        return new StatusResponse(
                availableBits,
                reservedBits,
                poolBits,
                StatusResponse.LINK_UP,
                StatusResponse.HEALTH_OK,
                21_000,
                blocks,
                0,
                0,
                false);
    }

    @Override
    public synchronized KeyRef reserve(long epoch, long requestId, int bits) throws ModemException {
        RequestKey key = new RequestKey(epoch, requestId);
        Reservation r = byRequest.get(key);
        if (r != null) {
            return same(r, bits);
        }
        if (bits > availableBits) {
            throw new ModemException(
                    ErrorCode.INSUFFICIENT_KEY,
                    bits + " bits asked, " + availableBits + " available");
        }
        KeyRef ref = KeyRef.of(1, (int) cursor, bits);
        cursor += bits;
        return put(key, ref, bits);
    }

    /** Here every reservation is a block of its own: a whole block of exactly {@code minBits}. */
    @Override
    public synchronized Reserved reserveBlock(long epoch, long requestId, int minBits)
            throws ModemException {
        Reservation r = byRequest.get(new RequestKey(epoch, requestId));
        if (r != null) {
            if (r.bits < minBits) {
                throw new ModemException(
                        ErrorCode.REQUEST_ID_CONFLICT, "request id reused with another size");
            }
            return new Reserved(r.ref, r.bits);
        }
        return new Reserved(reserve(epoch, requestId, minBits), minBits);
    }

    @Override
    public synchronized KeyRef reserveReference(long epoch, long requestId, KeyRef ref, int bits)
            throws ModemException {
        RequestKey key = new RequestKey(epoch, requestId);
        Reservation r = byRequest.get(key);
        if (r != null) {
            if (!r.ref.equals(ref)) {
                throw new ModemException(ErrorCode.REQUEST_ID_CONFLICT, "request id reused");
            }
            return same(r, bits);
        }
        if (byRef.containsKey(ref)) {
            throw new ModemException(ErrorCode.REQUEST_ID_CONFLICT, "reference already reserved");
        }
        if (bits > availableBits) {
            throw new ModemException(ErrorCode.INSUFFICIENT_KEY, "not enough key");
        }
        return put(key, ref, bits);
    }

    private KeyRef same(Reservation r, int bits) throws ModemException {
        if (r.bits != bits) {
            throw new ModemException(
                    ErrorCode.REQUEST_ID_CONFLICT, "request id reused with another size");
        }
        return r.ref;
    }

    private KeyRef put(RequestKey key, KeyRef ref, int bits) {
        Reservation r = new Reservation(key.requestId(), ref, bits, derive(linkSeed, ref, bits));
        byRequest.put(key, r);
        byRef.put(ref, r);
        availableBits -= bits;
        reservedBits += bits;
        return ref;
    }

    /**
     * Each reservation is its own block here (block id = its request id) and nothing was acquired:
     * all counts zero, errors not recorded.
     */
    @Override
    public synchronized CountsResponse counts(KeyRef ref) throws ModemException {
        Reservation r = byRef.get(ref);
        if (r == null) {
            throw new ModemException(ErrorCode.UNKNOWN_REFERENCE, "no such reference");
        }
        return new CountsResponse(
                r.requestId,
                r.bits,
                0,
                r.bits,
                false,
                new long[CountsResponse.KINDS * CountsResponse.CELLS]);
    }

    @Override
    public synchronized FetchResponse fetch(KeyRef ref, int offset, int maxBytes)
            throws ModemException {
        Reservation r = byRef.get(ref);
        if (r == null) {
            throw new ModemException(ErrorCode.UNKNOWN_REFERENCE, "no such reference");
        }
        if (r.consumed) {
            throw new ModemException(ErrorCode.ALREADY_CONSUMED, "reference consumed");
        }
        if (offset > r.key.length) {
            throw new ModemException(ErrorCode.OUT_OF_RANGE, "offset beyond the key");
        }
        int n = Math.min(maxBytes, r.key.length - offset);
        return new FetchResponse(
                offset, r.key.length, Arrays.copyOfRange(r.key, offset, offset + n));
    }

    @Override
    public synchronized boolean consume(KeyRef ref) throws ModemException {
        Reservation r = byRef.get(ref);
        if (r == null) {
            throw new ModemException(ErrorCode.UNKNOWN_REFERENCE, "no such reference");
        }
        if (r.consumed) {
            return false;
        }
        Arrays.fill(r.key, (byte) 0);
        r.consumed = true;
        reservedBits -= r.bits;
        return true;
    }

    @Override
    public synchronized void configure(QkdConfigMessage config) throws ModemException {
        if (config.protocol() != QkdProtocol.BB84) {
            throw new ModemException(ErrorCode.CONFIG_REJECTED, "this modem runs BB84 only");
        }
        lastConfig = config;
    }

    @Override
    public synchronized ReplenishResponse replenish(KeyRef ref, byte[] material)
            throws ModemException {
        byte[] held = replenished.get(ref);
        if (held != null) {
            if (!Arrays.equals(held, material)) {
                throw new ModemException(
                        ErrorCode.REQUEST_ID_CONFLICT,
                        "another slice is placed for that reference");
            }
            return new ReplenishResponse(ReplenishResponse.HELD, poolBits);
        }
        if (poolBits + material.length * 8L > poolCapacityBits) {
            throw new ModemException(ErrorCode.STORE_FULL, "authentication pool full");
        }
        poolBits += material.length * 8L;
        replenished.put(ref, material.clone());
        return new ReplenishResponse(ReplenishResponse.PLACED, poolBits);
    }

    @Override
    public void setEventSink(Consumer<EventMessage> sink) {
        this.sink = sink;
    }
}
