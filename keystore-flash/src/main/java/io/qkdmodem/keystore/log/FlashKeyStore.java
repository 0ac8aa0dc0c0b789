package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
import io.qkdmodem.keystore.KeyStoreStats;
import io.qkdmodem.keystore.Reference;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import io.qkdmodem.keystore.flash.FlashException;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.NorFlash;
import io.qkdmodem.keystore.log.Index.Block;
import io.qkdmodem.keystore.log.Index.BlockState;
import io.qkdmodem.keystore.log.Index.KeyEntry;
import io.qkdmodem.keystore.log.Index.Rec;
import io.qkdmodem.keystore.log.Index.Res;
import io.qkdmodem.keystore.log.Index.SegCopy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log-structured key store on a NOR flash (format and rules: docs/keystore.md). Create one with
 * {@link #format} on a new device, then {@link #mount} at every boot.
 *
 * <p>This class is the {@link KeyStore} API, its lock and its lifecycle, and the operations it
 * performs on the parts that do the work: {@link StoreMount} (mount and recovery), {@link
 * StoreIndex} (which blocks, segments and reservations the log holds), {@link LogSpace} (erase
 * blocks, record writes, zeroization, space and wear accounting), {@link Collector} (garbage
 * collection and wear leveling), {@link RecordFormat} and {@link RecordCrypto} (the record bytes
 * and their sealing).
 */
public final class FlashKeyStore implements KeyStore {
    static final Logger LOG = LoggerFactory.getLogger(FlashKeyStore.class);

    final NorFlash flash;
    final FlashGeometry geo;
    final KeyStoreConfig config;
    final int segmentBits;
    final int segBytes;
    final int sealedSegLen;
    final RecordCrypto crypto;
    final RecordFormat format;
    final LogSpace space;
    final StoreIndex index;
    private final Collector collector;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private volatile boolean failed;
    private volatile boolean closed;

    /** An unmounted store over {@code flash}; {@link StoreMount} fills it in. */
    FlashKeyStore(NorFlash flash, KeyStoreConfig config, int segmentBits, RecordCrypto crypto) {
        this.flash = flash;
        this.geo = flash.geometry();
        this.config = config;
        this.segmentBits = segmentBits;
        this.segBytes = segmentBits / 8;
        this.sealedSegLen = segBytes + Layout.TAG_LEN;
        this.crypto = crypto;
        this.format = new RecordFormat(geo, crypto, segmentBits);
        this.space = new LogSpace(flash, config, sealedSegLen, format);
        this.index = new StoreIndex(segmentBits);
        this.collector = new Collector(this);
        this.space.collector = collector;
    }

    // ---------------------------------------------------------------- format and mount

    /**
     * Erases the whole device and writes an empty store bound to {@code deviceKey}, then mounts it.
     *
     * @throws KeyStoreException INVALID_ARGUMENT if the geometry cannot hold a store with this
     *     configuration, FLASH_FAILURE if the device fails
     */
    public static FlashKeyStore format(NorFlash flash, DeviceKey deviceKey, KeyStoreConfig config) {
        FlashGeometry g = flash.geometry();
        OnFlash.checkGeometry(g, config.segmentBits(), config.minFreeBlocks());
        byte[] salt = new byte[Layout.SALT_LEN];
        new SecureRandom().nextBytes(salt);
        byte[] dk = deviceKey.copyBytes();
        byte[] check;
        try {
            check = RecordCrypto.keyCheck(dk, salt);
        } finally {
            Arrays.fill(dk, (byte) 0);
        }
        try {
            for (int b = 0; b < g.blockCount(); b++) {
                flash.erase(b);
            }
            long seq0 = 1L << 32;
            for (int b = Layout.HEADER_BLOCKS; b < g.blockCount(); b++) {
                OnFlash.writeBlockHeader(flash, g, b, seq0 + b, 1);
            }
            byte[] h = OnFlash.header(g, 1, config.segmentBits(), salt, check);
            OnFlash.programCommitted(flash, 0, h, Layout.HEADER_COMMIT_AT);
        } catch (FlashException e) {
            throw new KeyStoreException(
                    Reason.FLASH_FAILURE, "format failed: " + e.getMessage(), e);
        }
        LOG.info("formatted key store: {} blocks of {} bytes", g.blockCount(), g.blockSize());
        return mount(flash, deviceKey, config);
    }

    /**
     * Mounts the store on {@code flash}: finds the newest header, checks the device key, scans the
     * log, finishes interrupted consumes and starts a new generation.
     *
     * @throws KeyStoreException NOT_FORMATTED, WRONG_DEVICE_KEY, FLASH_FAILURE, POWER_LOST
     */
    public static FlashKeyStore mount(NorFlash flash, DeviceKey deviceKey, KeyStoreConfig config) {
        try {
            return StoreMount.mount(flash, deviceKey, config);
        } catch (FlashException.PowerLost e) {
            throw new KeyStoreException(Reason.POWER_LOST, "power lost during mount", e);
        } catch (FlashException e) {
            throw new KeyStoreException(Reason.FLASH_FAILURE, "mount failed: " + e.getMessage(), e);
        }
    }

    /**
     * For tests: every sealed segment on the flash, in any block with a valid block header, that
     * still authenticates, as block id → absolute segment indices.
     */
    Map<Long, BitSet> authenticSegmentsOnFlash() {
        lock.writeLock().lock();
        try {
            Map<Long, BitSet> found = new HashMap<>();
            byte[] buf = new byte[geo.blockSize()];
            for (int b = Layout.HEADER_BLOCKS; b < space.blocks.length; b++) {
                flash.read(geo.blockAddress(b), buf, 0, buf.length);
                if (!OnFlash.validBlockHeader(buf)) {
                    continue;
                }
                List<Rec> recs = new ArrayList<>();
                format.scanRecords(buf, b, recs);
                for (Rec r : recs) {
                    if (r.meta instanceof Meta.Key k) {
                        for (int i = 0; i < r.abs.length; i++) {
                            int at = r.offset + r.segBase + i * r.segLen;
                            byte[] p =
                                    crypto.open(
                                            r.seq,
                                            i,
                                            RecordFormat.segAad(k.blockId(), r.abs[i]),
                                            buf,
                                            at,
                                            r.segLen);
                            if (p != null) {
                                found.computeIfAbsent(k.blockId(), x -> new BitSet()).set(r.abs[i]);
                            }
                        }
                    }
                }
            }
            return found;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- the API

    @Override
    public void append(KeyBlock block) {
        write(() -> appendLocked(block));
    }

    @Override
    public Reservation reserve(RequestId requestId, int bits) {
        return write(() -> reserveLocked(requestId, bits));
    }

    @Override
    public Reservation reserve(RequestId requestId, KeyRange range) {
        return write(() -> reserveLocked(requestId, range));
    }

    @Override
    public Reservation reserveBlock(RequestId requestId, int minBits) {
        return write(() -> reserveBlockLocked(requestId, minBits));
    }

    private Res doReserve(RequestId requestId, KeyRange range) {
        Rec r =
                space.writeRecord(
                        seq ->
                                new Meta.Reserve(
                                        seq,
                                        false,
                                        0,
                                        range.blockId(),
                                        range.bitOffset(),
                                        range.bitLength(),
                                        requestId),
                        null,
                        null,
                        0,
                        LogSpace.Space.NORMAL);
        Res res = new Res(r.seq, requestId, range);
        res.recs.add(r);
        index.addReservation(res);
        return res;
    }

    @Override
    public Optional<Reservation> findReservation(RequestId requestId) {
        return readLocked(
                () -> Optional.ofNullable(index.byRequest.get(requestId)).map(StoreIndex::view));
    }

    @Override
    public Optional<Reservation> reservation(Reference reference) {
        return readLocked(
                () ->
                        Optional.ofNullable(index.reservations.get(reference.value()))
                                .map(StoreIndex::view));
    }

    @Override
    public KeyMaterial read(Reference reference) {
        return readLocked(() -> readBits(reference));
    }

    @Override
    public void consume(Reference reference) {
        write(() -> consumeLocked(reference));
    }

    @Override
    public Optional<KeyBlockInfo> blockInfo(long blockId) {
        return readLocked(() -> index.blockInfo(blockId));
    }

    @Override
    public KeyStoreStats stats() {
        return readLocked(() -> statsLocked());
    }

    @Override
    public long counter(int id) {
        return readLocked(() -> index.counter(id));
    }

    @Override
    public void advanceCounter(int id, long value) {
        write(
                () -> {
                    if (value > index.counter(id)) {
                        Rec r =
                                space.writeRecord(
                                        seq -> new Meta.Counter(id, value),
                                        null,
                                        null,
                                        0,
                                        LogSpace.Space.URGENT);
                        index.counters.put(id, r);
                    }
                    return null;
                });
    }

    @Override
    public int collectGarbage() {
        return write(() -> collectGarbageLocked());
    }

    @Override
    public int maxBlockBits() {
        int room =
                geo.blockSize()
                        - Layout.BLOCK_HEADER_LEN
                        - Layout.segmentBase(OnFlash.keyMetaLength(1));
        return room / sealedSegLen * segmentBits;
    }

    @Override
    public int segmentBits() {
        return segmentBits;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            crypto.destroy();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The device erase counts as the store knows them (block headers), for tests and tools. */
    public long[] knownEraseCounts() {
        return readLocked(() -> space.knownEraseCounts());
    }

    @Override
    public String toString() {
        return "FlashKeyStore[generation="
                + space.generation
                + ", blocks="
                + index.keys.size()
                + "]";
    }

    // ---------------------------------------------------------------- internals
    private Void appendLocked(KeyBlock block) {
        int bits = block.bits().bitLength();
        if (bits > maxBlockBits()) {
            throw new KeyStoreException(
                    Reason.BLOCK_TOO_LARGE,
                    "block " + block.blockId() + " has " + bits + " bits, max " + maxBlockBits());
        }
        if (index.keys.containsKey(block.blockId())) {
            throw new KeyStoreException(
                    Reason.DUPLICATE_BLOCK, "block " + block.blockId() + " is already stored");
        }
        int n = (bits + segmentBits - 1) / segmentBits;
        byte[] packed = block.bits().toByteArray();
        byte[][] plain = new byte[n][];
        try {
            for (int i = 0; i < n; i++) {
                plain[i] = new byte[segBytes];
                System.arraycopy(
                        packed,
                        i * segBytes,
                        plain[i],
                        0,
                        Math.min(segBytes, packed.length - i * segBytes));
            }
            Meta.Key meta =
                    new Meta.Key(
                            block.blockId(),
                            block.acquiredAtEpochMillis(),
                            bits,
                            segmentBits,
                            block.counts(),
                            new int[] {0},
                            new int[] {n});
            int[] abs = meta.absoluteIndices();
            Rec r =
                    space.writeRecord(
                            seq -> meta, plain, abs, block.blockId(), LogSpace.Space.NORMAL);
            KeyEntry e =
                    new KeyEntry(
                            block.blockId(),
                            block.acquiredAtEpochMillis(),
                            block.counts(),
                            bits,
                            segmentBits);
            index.keys.put(e.blockId, e);
            e.recs.add(r);
            for (int i = 0; i < n; i++) {
                e.copies.get(i).add(new SegCopy(r, i));
            }
            e.present.set(0, n);
        } finally {
            Arrays.fill(packed, (byte) 0);
            for (byte[] p : plain) {
                if (p != null) {
                    Arrays.fill(p, (byte) 0);
                }
            }
        }
        return null;
    }

    private Reservation reserveLocked(RequestId requestId, int bits) {
        Res existing = index.byRequest.get(requestId);
        if (existing != null) {
            if (existing.range.bitLength() != bits) {
                throw new KeyStoreException(
                        Reason.REQUEST_ID_CONFLICT,
                        requestId + " names " + StoreIndex.ref(existing) + " of another size");
            }
            return StoreIndex.view(existing);
        }
        if (bits <= 0) {
            throw new KeyStoreException(
                    Reason.INVALID_ARGUMENT, "bits must be positive, got " + bits);
        }
        KeyRange free = index.findFree(bits);
        if (free != null) {
            return StoreIndex.view(doReserve(requestId, free));
        }
        throw new KeyStoreException(
                Reason.INSUFFICIENT_KEY, "no block has " + bits + " unreserved bits in a row");
    }

    private Reservation reserveBlockLocked(RequestId requestId, int minBits) {
        Res existing = index.byRequest.get(requestId);
        if (existing != null) {
            KeyEntry e = index.keys.get(existing.range.blockId());
            boolean whole =
                    existing.range.bitOffset() == 0
                            && existing.range.bitLength() >= minBits
                            && (e == null || e.totalBits == existing.range.bitLength());
            if (!whole) {
                throw new KeyStoreException(
                        Reason.REQUEST_ID_CONFLICT,
                        requestId
                                + " names "
                                + StoreIndex.ref(existing)
                                + ", not a whole block that size");
            }
            return StoreIndex.view(existing);
        }
        if (minBits <= 0) {
            throw new KeyStoreException(
                    Reason.INVALID_ARGUMENT, "bits must be positive, got " + minBits);
        }
        KeyRange whole = index.findFreeBlock(minBits);
        if (whole != null) {
            return StoreIndex.view(doReserve(requestId, whole));
        }
        throw new KeyStoreException(
                Reason.INSUFFICIENT_KEY,
                "no whole unreserved block of at least " + minBits + " bits");
    }

    private Reservation reserveLocked(RequestId requestId, KeyRange range) {
        Res existing = index.byRequest.get(requestId);
        if (existing != null) {
            if (!existing.range.equals(range)) {
                throw new KeyStoreException(
                        Reason.REQUEST_ID_CONFLICT,
                        requestId + " names " + StoreIndex.ref(existing) + " of another range");
            }
            return StoreIndex.view(existing);
        }
        index.checkFree(range);
        return StoreIndex.view(doReserve(requestId, range));
    }

    private KeyMaterial readBits(Reference reference) {
        Res r = index.reservations.get(reference.value());
        if (r == null) {
            throw new KeyStoreException(Reason.UNKNOWN_REFERENCE, reference + " is not known");
        }
        if (r.consumed) {
            throw new KeyStoreException(Reason.ALREADY_CONSUMED, reference + " is consumed");
        }
        KeyEntry e = index.keys.get(r.range.blockId());
        int from = r.firstSegment(segmentBits);
        int to = r.endSegment(segmentBits);
        if (e == null || to > e.segCount) {
            throw new KeyStoreException(
                    Reason.CORRUPT_DATA, "bits of " + reference + " are missing");
        }
        byte[] out = new byte[(to - from) * segBytes];
        try {
            for (int a = from; a < to; a++) {
                byte[] p = readSegment(e, a);
                if (p == null) {
                    throw new KeyStoreException(
                            Reason.CORRUPT_DATA,
                            "a segment of " + reference + " failed its integrity check");
                }
                System.arraycopy(p, 0, out, (a - from) * segBytes, segBytes);
                Arrays.fill(p, (byte) 0);
            }
            int bits = r.range.bitLength();
            return KeyMaterial.wrap(Arrays.copyOf(out, (bits + 7) / 8), bits);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    private Void consumeLocked(Reference reference) {
        Res r = index.reservations.get(reference.value());
        if (r == null) {
            throw new KeyStoreException(Reason.UNKNOWN_REFERENCE, reference + " is not known");
        }
        if (r.consumed) {
            return null;
        }
        Rec rec =
                space.writeRecord(
                        seq -> new Meta.Consume(r.ref), null, null, 0, LogSpace.Space.URGENT);
        r.recs.add(rec);
        index.markConsumed(r, rec.seq);
        KeyEntry e = index.keys.get(r.range.blockId());
        if (e != null) {
            int from = Math.min(r.firstSegment(segmentBits), e.segCount);
            int to = Math.min(r.endSegment(segmentBits), e.segCount);
            List<SegCopy> copies = new ArrayList<>();
            for (int a = from; a < to; a++) {
                copies.addAll(e.copies.get(a));
            }
            space.zeroize(copies);
            flash.sync();
            e.present.clear(from, to);
            e.reserved.clear(from, to);
        }
        return null;
    }

    private KeyStoreStats statsLocked() {
        long available = 0;
        long reserved = 0;
        int withBits = 0;
        for (KeyEntry e : index.keys.values()) {
            BitSet avail = (BitSet) e.present.clone();
            avail.andNot(e.reserved);
            available += e.bitsIn(avail, segmentBits);
            reserved += e.bitsIn(e.reserved, segmentBits);
            if (!e.present.isEmpty()) {
                withBits++;
            }
        }
        long consumed = 0;
        for (Res r : index.consumedOrder.values()) {
            consumed += r.range.bitLength();
        }
        long free = 0;
        long reclaimable = 0;
        int freeBlocks = 0;
        long minEc = Long.MAX_VALUE;
        long maxEc = 0;
        long total = 0;
        long retainFloor = collector.retainFloor();
        for (Block b : space.blocks) {
            if (b == null) {
                continue;
            }
            if (b.state != BlockState.BAD) {
                long ec = space.eraseCountOf(b);
                minEc = Math.min(minEc, ec);
                maxEc = Math.max(maxEc, ec);
                total += ec;
            }
            switch (b.state) {
                case FREE_CLEAN, FREE_DIRTY -> {
                    freeBlocks++;
                    free += geo.blockSize() - Layout.BLOCK_HEADER_LEN;
                }
                case HEAD -> {
                    free += geo.blockSize() - b.write;
                    reclaimable +=
                            b.write - Layout.BLOCK_HEADER_LEN - collector.liveBytes(b, retainFloor);
                }
                case CLOSED ->
                        reclaimable +=
                                geo.blockSize()
                                        - Layout.BLOCK_HEADER_LEN
                                        - collector.liveBytes(b, retainFloor);
                case BAD -> {}
            }
        }
        return new KeyStoreStats(
                withBits,
                available,
                reserved,
                consumed,
                free,
                reclaimable,
                freeBlocks,
                minEc == Long.MAX_VALUE ? 0 : minEc,
                maxEc,
                total,
                space.generation);
    }

    private int collectGarbageLocked() {
        int reclaimed = 0;
        if (space.wearSpread() > config.wearLevelDelta()
                && space.freeCount() >= 2
                && collector.collectOne(true)) {
            reclaimed++;
        }
        for (int i = 0; i < space.blocks.length && space.freeCount() >= 2; i++) {
            if (!collector.collectOne(false, (geo.blockSize() - Layout.BLOCK_HEADER_LEN) / 2)) {
                break;
            }
            reclaimed++;
        }
        return reclaimed;
    }

    private <T> T write(Supplier<T> op) {
        lock.writeLock().lock();
        try {
            checkOpen();
            return op.get();
        } catch (FlashException.PowerLost e) {
            failed = true;
            throw new KeyStoreException(Reason.POWER_LOST, "power lost; remount", e);
        } catch (FlashException e) {
            failed = true;
            throw new KeyStoreException(Reason.FLASH_FAILURE, e.getMessage() + "; remount", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T readLocked(Supplier<T> op) {
        lock.readLock().lock();
        try {
            checkOpen();
            return op.get();
        } catch (FlashException.PowerLost e) {
            throw new KeyStoreException(Reason.POWER_LOST, "power lost; remount", e);
        } catch (FlashException e) {
            throw new KeyStoreException(Reason.FLASH_FAILURE, e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new KeyStoreException(Reason.CLOSED, "key store is closed");
        }
        if (failed) {
            throw new KeyStoreException(
                    Reason.CLOSED, "key store failed after a flash error; remount");
        }
    }

    /**
     * Plaintext of segment {@code a}, from the first copy that authenticates (read twice), or null.
     */
    private byte[] readSegment(KeyEntry e, int a) {
        byte[] sealed = new byte[sealedSegLen];
        for (SegCopy c : e.copies.get(a)) {
            if (!c.rec().liveSlots.get(c.slot())) {
                continue;
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                flash.read(space.segAddress(c), sealed, 0, sealed.length);
                byte[] p =
                        crypto.open(
                                c.rec().seq,
                                c.slot(),
                                RecordFormat.segAad(e.blockId, a),
                                sealed,
                                0,
                                sealed.length);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
