package io.qkdmodem.firmware.server;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.runtime.FirmwareListener;
import io.qkdmodem.firmware.runtime.FirmwareStatus;
import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreStats;
import io.qkdmodem.keystore.Reference;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
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
import io.qkdmodem.protocol.wire.ByteReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modem protocol's {@link ModemBackend} on the firmware's key store: the serial server calls it
 * for the paired host. The store's guarantees carry through: RESERVE is idempotent per host epoch
 * and request id, also after a restart (the store remembers request ids durably, and the {@link
 * ReferenceIndex} remembers which store reservation a {@link KeyRef} names); CONSUME is durable
 * before it returns, and consumed or reserved bits are never seen by another reservation. Key
 * references are {@code (block id, bit offset, bit length)}, the same on both modems. It also turns
 * the firmware's events into protocol EVENTs.
 */
public final class FirmwareBackend implements ModemBackend, FirmwareListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareBackend.class);
    private static final byte HOST_PREFIX = 'H';

    /** POOL_LOW is raised below this many pool bytes (8 blocks' worth of tag keys). */
    public static final long POOL_LOW_BYTES = 8 * 32;

    private final KeyStore store;
    private final AuthKeyPool pool;
    private final Supplier<FirmwareStatus> status;
    private final ReferenceIndex index;
    private volatile Consumer<EventMessage> sink = e -> {};
    private volatile QkdConfigMessage lastConfig;

    private final Object consumeLock = new Object();

    private FirmwareBackend(
            KeyStore store,
            AuthKeyPool pool,
            Supplier<FirmwareStatus> status,
            ReferenceIndex index) {
        this.store = store;
        this.pool = pool;
        this.status = status;
        this.index = index;
    }

    /**
     * @param indexFile where KeyRef-to-reservation records are kept, or null for memory only (then
     *     a restart forgets which KeyRef names which reservation)
     */
    public static FirmwareBackend create(
            KeyStore store, AuthKeyPool pool, Supplier<FirmwareStatus> status, Path indexFile)
            throws IOException {
        return new FirmwareBackend(
                store,
                pool,
                status,
                indexFile == null ? ReferenceIndex.inMemory() : ReferenceIndex.open(indexFile));
    }

    @Override
    public StatusResponse status() {
        KeyStoreStats st = store.stats();
        FirmwareStatus fs = status.get();
        int link = fs.peerLinkUp() ? StatusResponse.LINK_UP : StatusResponse.LINK_ESTABLISHING;
        int health =
                fs.phase() == FirmwareStatus.Phase.ACQUIRING && !fs.qberAlarm()
                        ? StatusResponse.HEALTH_OK
                        : fs.qberAlarm()
                                        || fs.phase() == FirmwareStatus.Phase.OPTICS_FAULT
                                        || fs.phase() == FirmwareStatus.Phase.FAULT
                                ? StatusResponse.HEALTH_FAULT
                                : StatusResponse.HEALTH_DEGRADED;
        long ppm = Double.isNaN(fs.qber()) ? 0 : Math.round(fs.qber() * 1e6);
        return new StatusResponse(
                st.availableBits(),
                st.reservedBits(),
                pool.available() * 8,
                link,
                health,
                ppm,
                st.blocks(),
                fs.framesDone(),
                fs.blocksDiscarded(),
                false);
    }

    @Override
    public KeyRef reserve(long epoch, long requestId, int bits) throws ModemException {
        if (bits <= 0) {
            throw new ModemException(ErrorCode.OUT_OF_RANGE, "bit count must be positive");
        }
        try {
            Reservation r = store.reserve(hostRequest(epoch, requestId), bits);
            return remember(r);
        } catch (KeyStoreException e) {
            throw map(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The key store picks the block ({@code KeyStore.reserveBlock}); its request id is {@link
     * #hostRequest this host request}, so a retry, also after a restart, returns the same block.
     */
    @Override
    public Reserved reserveBlock(long epoch, long requestId, int minBits) throws ModemException {
        if (minBits <= 0) {
            throw new ModemException(ErrorCode.OUT_OF_RANGE, "bit count must be positive");
        }
        try {
            Reservation r = store.reserveBlock(hostRequest(epoch, requestId), minBits);
            return new Reserved(remember(r), r.range().bitLength());
        } catch (KeyStoreException e) {
            throw map(e);
        }
    }

    @Override
    public KeyRef reserveReference(long epoch, long requestId, KeyRef ref, int bits)
            throws ModemException {
        KeyRange range = rangeOf(ref);
        if (range.bitLength() != bits) {
            throw new ModemException(
                    ErrorCode.OUT_OF_RANGE, "the reference names " + range.bitLength() + " bits");
        }
        try {
            Reservation r = store.reserve(hostRequest(epoch, requestId), range);
            return remember(r);
        } catch (KeyStoreException e) {
            throw map(e);
        }
    }

    @Override
    public FetchResponse fetch(KeyRef ref, int offset, int maxBytes) throws ModemException {
        Reference r = lookup(ref);
        byte[] bytes = null;
        try (KeyMaterial m = store.read(r)) {
            bytes = m.toByteArray();
            if (offset < 0 || offset > bytes.length) {
                throw new ModemException(ErrorCode.OUT_OF_RANGE, "offset beyond the key");
            }
            int n = Math.min(Math.max(0, maxBytes), bytes.length - offset);
            return new FetchResponse(
                    offset, bytes.length, Arrays.copyOfRange(bytes, offset, offset + n));
        } catch (KeyStoreException e) {
            throw map(e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The counts are the block's {@code AcquisitionCounts} as the key store holds them (the same
     * on both modems: each stored what both saw in the authenticated sifting).
     */
    @Override
    public CountsResponse counts(KeyRef ref) throws ModemException {
        lookup(ref);
        KeyRange range = rangeOf(ref);
        KeyBlockInfo info;
        try {
            info =
                    store.blockInfo(range.blockId())
                            .orElseThrow(
                                    () ->
                                            new ModemException(
                                                    ErrorCode.UNKNOWN_REFERENCE,
                                                    "the reference's block is gone"));
        } catch (KeyStoreException e) {
            throw map(e);
        }
        AcquisitionCounts c = info.counts();
        long[] cells = new long[CountsResponse.KINDS * CountsResponse.CELLS];
        for (int kind = 0; kind < CountsResponse.KINDS; kind++) {
            System.arraycopy(
                    c.cells(kind), 0, cells, kind * CountsResponse.CELLS, CountsResponse.CELLS);
        }
        return new CountsResponse(
                info.blockId(),
                info.totalBits(),
                range.bitOffset(),
                range.bitLength(),
                c.errorsRecorded(),
                cells);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The state check and the consume run under one lock, so of two concurrent CONSUMEs of one
     * reference (from two sessions sharing this backend) exactly one reports that it consumed it.
     */
    @Override
    public boolean consume(KeyRef ref) throws ModemException {
        Reference r = lookup(ref);
        synchronized (consumeLock) {
            try {
                boolean wasReserved =
                        store.reservation(r)
                                .map(x -> x.state() == Reservation.State.RESERVED)
                                .orElse(false);
                store.consume(r);
                return wasReserved;
            } catch (KeyStoreException e) {
                throw map(e);
            }
        }
    }

    @Override
    public void configure(QkdConfigMessage config) throws ModemException {
        if (config.protocol() != QkdProtocol.BB84) {
            throw new ModemException(ErrorCode.CONFIG_REJECTED, "this modem runs BB84 only");
        }
        lastConfig = config;
        LOG.info("host configuration applied: {}", config);
    }

    /** The last QKD Configuration the host sent, or null. */
    public QkdConfigMessage lastConfig() {
        return lastConfig;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The place is {@link AuthKeyPool#replenishAddress} of the reference's block id and bit
     * offset, the same on both modems. A slice longer than the reference's bits / 8 is refused
     * (that bound is what keeps the slices of two references of one block from overlapping; a final
     * key is always shorter than the sifted key it came from).
     *
     * <p>Only a reference this modem issued (RESERVE) or recorded (reserve by reference), found in
     * its reference index, places a slice; any other is refused with UNKNOWN_REFERENCE and changes
     * nothing. A stale or forged reference could otherwise place material far ahead and make
     * Alice's next usable window jump over the pool before it. The reservation need not be consumed
     * yet: the agent consumes and replenishes in two independent steps.
     */
    @Override
    public ReplenishResponse replenish(KeyRef ref, byte[] material) throws ModemException {
        lookup(ref);
        KeyRange range = rangeOf(ref);
        if (material.length > range.bitLength() / 8
                || material.length > AuthKeyPool.MAX_SLICE_BYTES) {
            throw new ModemException(
                    ErrorCode.OUT_OF_RANGE,
                    "a slice of " + material.length + " bytes is longer than its reference allows");
        }
        long address;
        try {
            address = AuthKeyPool.replenishAddress(range.blockId(), range.bitOffset());
        } catch (IllegalArgumentException e) {
            throw new ModemException(ErrorCode.OUT_OF_RANGE, e.getMessage());
        }
        try {
            AuthKeyPool.Placement done = pool.place(address, material);
            LOG.info(
                    "auth pool slice of block {} bit {} ({} bytes): {}",
                    range.blockId(),
                    range.bitOffset(),
                    material.length,
                    done);
            int outcome =
                    switch (done) {
                        case PLACED -> ReplenishResponse.PLACED;
                        case HELD -> ReplenishResponse.HELD;
                        case PASSED -> ReplenishResponse.PASSED;
                    };
            return new ReplenishResponse(outcome, pool.available() * 8);
        } catch (AuthPoolException e) {
            throw new ModemException(
                    e.reason() == AuthPoolException.Reason.CONFLICT
                            ? ErrorCode.REQUEST_ID_CONFLICT
                            : ErrorCode.STORE_FULL,
                    e.getMessage());
        }
    }

    @Override
    public void setEventSink(Consumer<EventMessage> sink) {
        this.sink = sink == null ? e -> {} : sink;
    }

    // FirmwareListener: firmware events become protocol events.

    @Override
    public void blockReady(long blockId, long availableBits) {
        emit(EventKind.BLOCK_READY, availableBits);
        long poolBytes = pool.available();
        if (poolBytes < POOL_LOW_BYTES) {
            emit(EventKind.POOL_LOW, poolBytes * 8);
        }
    }

    @Override
    public void qberAlarm(double qber) {
        emit(EventKind.QBER_ALARM, Math.round(qber * 1e6));
    }

    @Override
    public void linkDown() {
        emit(EventKind.LINK_DOWN, 0);
    }

    @Override
    public void authPoolEmpty(long poolBytes) {
        emit(EventKind.POOL_LOW, poolBytes * 8);
    }

    @Override
    public void storeFull(long storedBits) {
        emit(EventKind.STORE_FULL, storedBits);
    }

    private void emit(EventKind kind, long value) {
        try {
            sink.accept(new EventMessage(kind, Math.max(0, value)));
        } catch (RuntimeException e) {
            LOG.warn("event {} not delivered: {}", kind, e.getMessage());
        }
    }

    private KeyRef remember(Reservation r) throws ModemException {
        KeyRange range = r.range();
        KeyRef ref = KeyRef.of(range.blockId(), range.bitOffset(), range.bitLength());
        try {
            index.record(ref, r.reference());
        } catch (IOException e) {
            throw new ModemException(
                    ErrorCode.INTERNAL, "reference index not written: " + e.getMessage());
        }
        return ref;
    }

    private Reference lookup(KeyRef ref) throws ModemException {
        return index.find(ref)
                .orElseThrow(
                        () -> new ModemException(ErrorCode.UNKNOWN_REFERENCE, "no such reference"));
    }

    static KeyRange rangeOf(KeyRef ref) throws ModemException {
        ByteReader r = new ByteReader(ref.bytes());
        long block = r.u64();
        long offset = r.u32();
        long length = r.u32();
        if (block < 0 || length == 0 || offset + length > Integer.MAX_VALUE) {
            throw new ModemException(ErrorCode.OUT_OF_RANGE, "not a key reference of this modem");
        }
        return new KeyRange(block, (int) offset, (int) length);
    }

    /**
     * The store's request id for a host RESERVE: {@code 'H' | epoch u64 | request id u64}. The
     * epoch is the host client's (random per client instance), so an agent that restarts and
     * numbers its requests again from the same counter names new reservations, never the ones its
     * previous instance left behind.
     */
    static RequestId hostRequest(long epoch, long requestId) {
        byte[] b = new byte[17];
        b[0] = HOST_PREFIX;
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (byte) (epoch >>> (56 - 8 * i));
            b[9 + i] = (byte) (requestId >>> (56 - 8 * i));
        }
        return RequestId.of(b);
    }

    static ModemException map(KeyStoreException e) {
        ErrorCode code =
                switch (e.reason()) {
                    case INSUFFICIENT_KEY, RANGE_UNAVAILABLE -> ErrorCode.INSUFFICIENT_KEY;
                    case UNKNOWN_REFERENCE -> ErrorCode.UNKNOWN_REFERENCE;
                    case ALREADY_CONSUMED -> ErrorCode.ALREADY_CONSUMED;
                    case REQUEST_ID_CONFLICT -> ErrorCode.REQUEST_ID_CONFLICT;
                    case MISALIGNED_RANGE, INVALID_ARGUMENT, BLOCK_TOO_LARGE ->
                            ErrorCode.OUT_OF_RANGE;
                    case STORE_FULL -> ErrorCode.STORE_FULL;
                    case CLOSED -> ErrorCode.UNAVAILABLE;
                    default -> ErrorCode.INTERNAL;
                };
        return new ModemException(code, e.getMessage());
    }

    @Override
    public void close() {
        index.close();
    }
}
