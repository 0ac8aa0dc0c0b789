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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log-structured key store on a NOR flash (format and rules: docs/keystore.md). Create one with
 * {@link #format} on a new device, then {@link #mount} at every boot.
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
    private final RecordFormat format;
    private final Collector collector;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final Block[] blocks;

    private long generation;
    private int counter;
    private int head = -1;
    private int headerBlock;
    private int headerPage;
    private final byte[] salt;
    private final byte[] check;

    final TreeMap<Long, KeyEntry> keys = new TreeMap<>();
    final Map<Long, Res> reservations = new HashMap<>();
    final Map<RequestId, Res> byRequest = new HashMap<>();
    final TreeMap<Long, Res> consumedOrder = new TreeMap<>();
    final List<Rec> intents = new ArrayList<>();

    private volatile boolean failed;
    private volatile boolean closed;

    private FlashKeyStore(
            NorFlash flash,
            KeyStoreConfig config,
            int segmentBits,
            byte[] salt,
            byte[] check,
            RecordCrypto crypto) {
        this.flash = flash;
        this.geo = flash.geometry();
        this.config = config;
        this.segmentBits = segmentBits;
        this.segBytes = segmentBits / 8;
        this.sealedSegLen = segBytes + Layout.TAG_LEN;
        this.salt = salt;
        this.check = check;
        this.crypto = crypto;
        this.format = new RecordFormat(geo, crypto, segmentBits);
        this.collector = new Collector(this);
        this.blocks = new Block[geo.blockCount()];
        for (int b = Layout.HEADER_BLOCKS; b < blocks.length; b++) {
            blocks[b] = new Block(b);
        }
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
            return doMount(flash, deviceKey, config);
        } catch (FlashException.PowerLost e) {
            throw new KeyStoreException(Reason.POWER_LOST, "power lost during mount", e);
        } catch (FlashException e) {
            throw new KeyStoreException(Reason.FLASH_FAILURE, "mount failed: " + e.getMessage(), e);
        }
    }

    private static FlashKeyStore doMount(
            NorFlash flash, DeviceKey deviceKey, KeyStoreConfig config) {
        FlashGeometry g = flash.geometry();
        if (g.pageSize() < Layout.MIN_PAGE) {
            throw new KeyStoreException(Reason.NOT_FORMATTED, "page size below " + Layout.MIN_PAGE);
        }
        // 1. newest valid header
        byte[] best = null;
        long bestGen = -1;
        int bestBlock = 0;
        int bestPage = 0;
        byte[] page = new byte[g.pageSize()];
        for (int hb = 0; hb < Layout.HEADER_BLOCKS; hb++) {
            for (int p = 0; p < g.pagesPerBlock(); p++) {
                OnFlash.readStable(flash, g.blockAddress(hb) + (long) p * g.pageSize(), page);
                if (OnFlash.validHeader(page)) {
                    long gen = Bytes.i64(page, 8);
                    if (gen > bestGen) {
                        bestGen = gen;
                        best = Arrays.copyOf(page, Layout.HEADER_LEN);
                        bestBlock = hb;
                        bestPage = p;
                    }
                }
            }
        }
        if (best == null) {
            throw new KeyStoreException(Reason.NOT_FORMATTED, "no valid key store header");
        }
        int segBits = Bytes.i32(best, 28);
        if (Bytes.i32(best, 16) != g.pageSize()
                || Bytes.i32(best, 20) != g.blockSize()
                || Bytes.i32(best, 24) != g.blockCount()) {
            throw new KeyStoreException(
                    Reason.NOT_FORMATTED, "header geometry differs from the device");
        }
        if (Integer.bitCount(segBits) != 1 || segBits < 128 || segBits > 8192) {
            throw new KeyStoreException(
                    Reason.NOT_FORMATTED, "header segment size " + segBits + " invalid");
        }
        byte[] salt = Arrays.copyOfRange(best, 32, 48);
        byte[] check = Arrays.copyOfRange(best, 48, 64);
        byte[] dk = deviceKey.copyBytes();
        RecordCrypto crypto;
        try {
            byte[] expect = RecordCrypto.keyCheck(dk, salt);
            if (!MessageDigest.isEqual(expect, check)) {
                throw new KeyStoreException(
                        Reason.WRONG_DEVICE_KEY,
                        "the device key is not the one this store was formatted with");
            }
            crypto = RecordCrypto.derive(dk, salt);
        } finally {
            Arrays.fill(dk, (byte) 0);
        }
        FlashKeyStore s = new FlashKeyStore(flash, config, segBits, salt, check, crypto);
        s.headerBlock = bestBlock;
        s.headerPage = bestPage;
        boolean mounted = false;
        try {
            s.load(bestGen);
            mounted = true;
        } finally {
            if (!mounted) {
                crypto.destroy();
            }
        }
        return s;
    }

    /** Scans the log, rebuilds the index, recovers, and starts generation max + 1. */
    private void load(long headerGen) {
        long maxGen = headerGen;
        byte[] buf = new byte[geo.blockSize()];
        List<Rec> all = new ArrayList<>();
        for (int b = Layout.HEADER_BLOCKS; b < blocks.length; b++) {
            Block blk = blocks[b];
            OnFlash.readStable(flash, geo.blockAddress(b), buf);
            blk.allErased = Bytes.allEqual(buf, 0, buf.length, (byte) 0xFF);
            if (!OnFlash.validBlockHeader(buf)) {
                blk.state = BlockState.FREE_DIRTY;
                continue;
            }
            blk.hasHeader = true;
            blk.seq = Bytes.i64(buf, 8);
            blk.eraseCount = Bytes.i32(buf, 16) & 0xFFFFFFFFL;
            blk.eraseCountKnown = true;
            maxGen = Math.max(maxGen, Layout.generationOf(blk.seq));
            int end = format.scanRecords(buf, b, blk.recs);
            all.addAll(blk.recs);
            for (Rec r : blk.recs) {
                maxGen = Math.max(maxGen, Layout.generationOf(r.seq));
            }
            blk.write = end;
            boolean clean = Bytes.allEqual(buf, end, buf.length - end, (byte) 0xFF);
            // HEAD here means "could take more records"; only the newest such block stays head.
            if (!clean) {
                blk.state = BlockState.CLOSED;
            } else {
                blk.state = blk.recs.isEmpty() ? BlockState.FREE_CLEAN : BlockState.HEAD;
            }
        }
        Arrays.fill(buf, (byte) 0);
        // 2. erase intents, newest first; intents inside garbage blocks do not count
        all.sort(Comparator.comparingLong((Rec r) -> r.seq).reversed());
        for (Rec r : all) {
            if (r.meta instanceof Meta.EraseIntent ei
                    && blocks[r.block].state != BlockState.FREE_DIRTY) {
                Block t = validLogBlock(ei.block()) ? blocks[ei.block()] : null;
                if (t != null && t.hasHeader && t.seq == ei.blockSeq() && t.index != r.block) {
                    t.state = BlockState.FREE_DIRTY;
                    t.recs.clear();
                    t.write = Layout.BLOCK_HEADER_LEN;
                }
            }
        }
        // 3. apply the rest in seq order
        all.sort(Comparator.comparingLong((Rec r) -> r.seq));
        Rec newest = null;
        for (Rec r : all) {
            if (blocks[r.block].state == BlockState.FREE_DIRTY) {
                continue;
            }
            apply(r);
            newest = r;
        }
        for (Block blk : blocks) {
            if (blk != null
                    && blk.state == BlockState.HEAD
                    && (newest == null || blk.index != newest.block)) {
                blk.state = BlockState.CLOSED;
            }
        }
        if (newest != null && blocks[newest.block].state == BlockState.HEAD) {
            head = newest.block;
        }
        generation = maxGen + 1;
        if (generation >= 1L << 31) {
            throw new KeyStoreException(Reason.FLASH_FAILURE, "generation counter exhausted");
        }
        // 4. state of every segment; 5. finish interrupted consumes
        for (KeyEntry e : keys.values()) {
            for (int a = 0; a < e.segCount; a++) {
                for (SegCopy c : e.copies.get(a)) {
                    if (c.rec().liveSlots.get(c.slot())) {
                        e.present.set(a);
                    }
                }
            }
        }
        boolean zeroized = false;
        for (Res r : reservations.values()) {
            KeyEntry e = keys.get(r.range.blockId());
            if (e == null) {
                continue;
            }
            int from = Math.min(r.firstSegment(segmentBits), e.segCount);
            int to = Math.min(r.endSegment(segmentBits), e.segCount);
            if (r.consumed) {
                e.present.clear(from, to);
                List<SegCopy> unfinished = new ArrayList<>();
                for (int a = from; a < to; a++) {
                    for (SegCopy c : e.copies.get(a)) {
                        if (!c.rec().zeroSlots.get(c.slot())) {
                            unfinished.add(c);
                        }
                    }
                }
                zeroize(unfinished);
                zeroized |= !unfinished.isEmpty();
            } else {
                e.reserved.set(from, to);
            }
        }
        if (zeroized) {
            flash.sync();
            LOG.info("mount finished an interrupted consume");
        }
        writeHeader();
        // Erase what an interrupted erase or collection left behind, so no stale copy of a
        // segment consumed since can linger on the flash.
        for (Block blk : blocks) {
            if (blk != null && blk.state == BlockState.FREE_DIRTY && !blk.allErased) {
                long ec = eraseCountOf(blk);
                try {
                    flash.erase(blk.index);
                } catch (FlashException.WornOut e) {
                    LOG.warn("log block {} worn out; retired", blk.index);
                    blk.state = BlockState.BAD;
                    continue;
                }
                blk.recs.clear();
                startBlock(blk, ec + 1);
                blk.state = BlockState.FREE_CLEAN;
            }
        }
        LOG.info(
                "mounted key store generation {}: {} blocks, {} reservations",
                generation,
                keys.size(),
                reservations.size());
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
            for (int b = Layout.HEADER_BLOCKS; b < blocks.length; b++) {
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

    boolean validLogBlock(int b) {
        return b >= Layout.HEADER_BLOCKS && b < blocks.length;
    }

    /** Adds a committed record to the index (records arrive in seq order). */
    private void apply(Rec r) {
        if (r.meta instanceof Meta.Key k) {
            KeyEntry e = keys.get(k.blockId());
            if (e == null) {
                e =
                        new KeyEntry(
                                k.blockId(),
                                k.acquiredAt(),
                                k.counts(),
                                k.totalBits(),
                                segmentBits);
                keys.put(k.blockId(), e);
            } else if (e.totalBits != k.totalBits()) {
                LOG.warn(
                        "key record of block {} disagrees with an earlier one; ignored",
                        k.blockId());
                return;
            }
            e.recs.add(r);
            for (int i = 0; i < r.abs.length; i++) {
                e.copies.get(r.abs[i]).add(new SegCopy(r, i));
            }
        } else if (r.meta instanceof Meta.Reserve m) {
            Res res = reservations.get(m.reference());
            if (res == null) {
                res =
                        new Res(
                                m.reference(),
                                m.requestId(),
                                new KeyRange(m.blockId(), m.bitOffset(), m.bitLength()));
                reservations.put(res.ref, res);
                byRequest.put(res.requestId, res);
            }
            if (m.consumed()) {
                markConsumed(res, m.consumeSeq());
            }
            res.recs.add(r);
        } else if (r.meta instanceof Meta.Consume c) {
            Res res = reservations.get(c.reference());
            if (res != null) {
                markConsumed(res, r.seq);
                res.recs.add(r);
            }
        } else if (r.meta instanceof Meta.EraseIntent ei) {
            intents.add(r);
        }
    }

    private void markConsumed(Res res, long consumeSeq) {
        if (res.consumed) {
            if (consumeSeq >= res.consumeSeq) {
                return;
            }
            consumedOrder.remove(res.consumeSeq);
        }
        res.consumed = true;
        res.consumeSeq = consumeSeq;
        consumedOrder.put(consumeSeq, res);
    }

    private void writeHeader() {
        byte[] h = OnFlash.header(geo, generation, segmentBits, salt, check);
        byte[] page = new byte[geo.pageSize()];
        int target = -1;
        for (int p = headerPage + 1; p < geo.pagesPerBlock(); p++) {
            flash.read(
                    geo.blockAddress(headerBlock) + (long) p * geo.pageSize(),
                    page,
                    0,
                    page.length);
            if (Bytes.allEqual(page, 0, page.length, (byte) 0xFF)) {
                target = p;
                break;
            }
        }
        if (target < 0) {
            headerBlock = 1 - headerBlock;
            flash.erase(headerBlock);
            target = 0;
        }
        headerPage = target;
        OnFlash.programCommitted(
                flash,
                geo.blockAddress(headerBlock) + (long) target * geo.pageSize(),
                h,
                Layout.HEADER_COMMIT_AT);
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
                writeRecord(
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
                        Space.NORMAL);
        Res res = new Res(r.seq, requestId, range);
        res.recs.add(r);
        reservations.put(res.ref, res);
        byRequest.put(requestId, res);
        keys.get(range.blockId())
                .reserved
                .set(res.firstSegment(segmentBits), res.endSegment(segmentBits));
        return res;
    }

    @Override
    public Optional<Reservation> findReservation(RequestId requestId) {
        return readLocked(() -> Optional.ofNullable(byRequest.get(requestId)).map(this::view));
    }

    @Override
    public Optional<Reservation> reservation(Reference reference) {
        return readLocked(
                () -> Optional.ofNullable(reservations.get(reference.value())).map(this::view));
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
        return readLocked(() -> blockInfoLocked(blockId));
    }

    @Override
    public KeyStoreStats stats() {
        return readLocked(() -> statsLocked());
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
        return readLocked(() -> knownEraseCountsLocked());
    }

    @Override
    public String toString() {
        return "FlashKeyStore[generation=" + generation + ", blocks=" + keys.size() + "]";
    }

    // ---------------------------------------------------------------- internals
    private Void appendLocked(KeyBlock block) {
        int bits = block.bits().bitLength();
        if (bits > maxBlockBits()) {
            throw new KeyStoreException(
                    Reason.BLOCK_TOO_LARGE,
                    "block " + block.blockId() + " has " + bits + " bits, max " + maxBlockBits());
        }
        if (keys.containsKey(block.blockId())) {
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
            Rec r = writeRecord(seq -> meta, plain, abs, block.blockId(), Space.NORMAL);
            KeyEntry e =
                    new KeyEntry(
                            block.blockId(),
                            block.acquiredAtEpochMillis(),
                            block.counts(),
                            bits,
                            segmentBits);
            keys.put(e.blockId, e);
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
        Res existing = byRequest.get(requestId);
        if (existing != null) {
            if (existing.range.bitLength() != bits) {
                throw new KeyStoreException(
                        Reason.REQUEST_ID_CONFLICT,
                        requestId + " names " + ref(existing) + " of another size");
            }
            return view(existing);
        }
        if (bits <= 0) {
            throw new KeyStoreException(
                    Reason.INVALID_ARGUMENT, "bits must be positive, got " + bits);
        }
        int need = (int) (((long) bits + segmentBits - 1) / segmentBits);
        for (KeyEntry e : keys.values()) {
            int run = 0;
            for (int a = 0; a < e.segCount; a++) {
                run = e.present.get(a) && !e.reserved.get(a) ? run + 1 : 0;
                if (run == need) {
                    int start = a - need + 1;
                    if ((long) start * segmentBits + bits <= e.totalBits) {
                        return view(
                                doReserve(
                                        requestId,
                                        new KeyRange(e.blockId, start * segmentBits, bits)));
                    }
                    run--;
                }
            }
        }
        throw new KeyStoreException(
                Reason.INSUFFICIENT_KEY, "no block has " + bits + " unreserved bits in a row");
    }

    private Reservation reserveBlockLocked(RequestId requestId, int minBits) {
        Res existing = byRequest.get(requestId);
        if (existing != null) {
            KeyEntry e = keys.get(existing.range.blockId());
            boolean whole =
                    existing.range.bitOffset() == 0
                            && existing.range.bitLength() >= minBits
                            && (e == null || e.totalBits == existing.range.bitLength());
            if (!whole) {
                throw new KeyStoreException(
                        Reason.REQUEST_ID_CONFLICT,
                        requestId + " names " + ref(existing) + ", not a whole block that size");
            }
            return view(existing);
        }
        if (minBits <= 0) {
            throw new KeyStoreException(
                    Reason.INVALID_ARGUMENT, "bits must be positive, got " + minBits);
        }
        for (KeyEntry e : keys.values()) {
            if (e.totalBits >= minBits
                    && e.reserved.isEmpty()
                    && e.present.cardinality() == e.segCount) {
                return view(doReserve(requestId, new KeyRange(e.blockId, 0, e.totalBits)));
            }
        }
        throw new KeyStoreException(
                Reason.INSUFFICIENT_KEY,
                "no whole unreserved block of at least " + minBits + " bits");
    }

    private Reservation reserveLocked(RequestId requestId, KeyRange range) {
        Res existing = byRequest.get(requestId);
        if (existing != null) {
            if (!existing.range.equals(range)) {
                throw new KeyStoreException(
                        Reason.REQUEST_ID_CONFLICT,
                        requestId + " names " + ref(existing) + " of another range");
            }
            return view(existing);
        }
        if (range.bitOffset() % segmentBits != 0) {
            throw new KeyStoreException(
                    Reason.MISALIGNED_RANGE,
                    "offset " + range.bitOffset() + " is not a multiple of " + segmentBits);
        }
        KeyEntry e = keys.get(range.blockId());
        if (e == null || range.endBit() > e.totalBits) {
            throw new KeyStoreException(
                    Reason.RANGE_UNAVAILABLE, "block " + range.blockId() + " has no such range");
        }
        int from = range.bitOffset() / segmentBits;
        int to = (range.endBit() + segmentBits - 1) / segmentBits;
        for (int a = from; a < to; a++) {
            if (!e.present.get(a) || e.reserved.get(a)) {
                throw new KeyStoreException(
                        Reason.RANGE_UNAVAILABLE,
                        "bits of block " + range.blockId() + " are reserved or consumed");
            }
        }
        return view(doReserve(requestId, range));
    }

    private KeyMaterial readBits(Reference reference) {
        Res r = reservations.get(reference.value());
        if (r == null) {
            throw new KeyStoreException(Reason.UNKNOWN_REFERENCE, reference + " is not known");
        }
        if (r.consumed) {
            throw new KeyStoreException(Reason.ALREADY_CONSUMED, reference + " is consumed");
        }
        KeyEntry e = keys.get(r.range.blockId());
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
        Res r = reservations.get(reference.value());
        if (r == null) {
            throw new KeyStoreException(Reason.UNKNOWN_REFERENCE, reference + " is not known");
        }
        if (r.consumed) {
            return null;
        }
        Rec rec = writeRecord(seq -> new Meta.Consume(r.ref), null, null, 0, Space.URGENT);
        r.recs.add(rec);
        markConsumed(r, rec.seq);
        KeyEntry e = keys.get(r.range.blockId());
        if (e != null) {
            int from = Math.min(r.firstSegment(segmentBits), e.segCount);
            int to = Math.min(r.endSegment(segmentBits), e.segCount);
            List<SegCopy> copies = new ArrayList<>();
            for (int a = from; a < to; a++) {
                copies.addAll(e.copies.get(a));
            }
            zeroize(copies);
            flash.sync();
            e.present.clear(from, to);
            e.reserved.clear(from, to);
        }
        return null;
    }

    private Optional<KeyBlockInfo> blockInfoLocked(long blockId) {
        KeyEntry e = keys.get(blockId);
        if (e == null) {
            return Optional.empty();
        }
        BitSet avail = (BitSet) e.present.clone();
        avail.andNot(e.reserved);
        return Optional.of(
                new KeyBlockInfo(
                        e.blockId,
                        e.acquiredAt,
                        e.counts,
                        e.totalBits,
                        (int) e.bitsIn(avail, segmentBits),
                        (int) e.bitsIn(e.reserved, segmentBits)));
    }

    private KeyStoreStats statsLocked() {
        long available = 0;
        long reserved = 0;
        int withBits = 0;
        for (KeyEntry e : keys.values()) {
            BitSet avail = (BitSet) e.present.clone();
            avail.andNot(e.reserved);
            available += e.bitsIn(avail, segmentBits);
            reserved += e.bitsIn(e.reserved, segmentBits);
            if (!e.present.isEmpty()) {
                withBits++;
            }
        }
        long consumed = 0;
        for (Res r : consumedOrder.values()) {
            consumed += r.range.bitLength();
        }
        long free = 0;
        long reclaimable = 0;
        int freeBlocks = 0;
        long minEc = Long.MAX_VALUE;
        long maxEc = 0;
        long total = 0;
        long retainFloor = collector.retainFloor();
        for (Block b : blocks) {
            if (b == null) {
                continue;
            }
            if (b.state != BlockState.BAD) {
                long ec = eraseCountOf(b);
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
                generation);
    }

    private int collectGarbageLocked() {
        int reclaimed = 0;
        if (wearSpread() > config.wearLevelDelta()
                && freeCount() >= 2
                && collector.collectOne(true)) {
            reclaimed++;
        }
        for (int i = 0; i < blocks.length && freeCount() >= 2; i++) {
            if (!collector.collectOne(false, (geo.blockSize() - Layout.BLOCK_HEADER_LEN) / 2)) {
                break;
            }
            reclaimed++;
        }
        return reclaimed;
    }

    private long[] knownEraseCountsLocked() {
        long[] ec = new long[blocks.length];
        for (Block b : blocks) {
            if (b != null) {
                ec[b.index] = eraseCountOf(b);
            }
        }
        return ec;
    }

    private static String ref(Res r) {
        return new Reference(r.ref).toString();
    }

    private Reservation view(Res r) {
        return new Reservation(
                new Reference(r.ref),
                r.requestId,
                r.range,
                r.consumed ? Reservation.State.CONSUMED : Reservation.State.RESERVED);
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

    private long nextSeq() {
        if (counter == -1) {
            throw new KeyStoreException(
                    Reason.FLASH_FAILURE, "sequence counter exhausted; remount");
        }
        return generation << 32 | (counter++ & 0xFFFFFFFFL);
    }

    long segAddress(SegCopy c) {
        Rec r = c.rec();
        return geo.blockAddress(r.block) + r.offset + r.segBase + (long) c.slot() * r.segLen;
    }

    /** Programs every byte of these segment copies to 0x00, one program per contiguous run. */
    private void zeroize(List<SegCopy> copies) {
        List<SegCopy> sorted = new ArrayList<>(copies);
        sorted.sort(Comparator.comparingLong(this::segAddress));
        int i = 0;
        while (i < sorted.size()) {
            long start = segAddress(sorted.get(i));
            long end = start + sorted.get(i).rec().segLen;
            int j = i + 1;
            while (j < sorted.size() && segAddress(sorted.get(j)) == end) {
                end += sorted.get(j).rec().segLen;
                j++;
            }
            byte[] zeros = new byte[(int) (end - start)];
            flash.program(start, zeros, 0, zeros.length);
            for (int k = i; k < j; k++) {
                sorted.get(k).rec().liveSlots.clear(sorted.get(k).slot());
                sorted.get(k).rec().zeroSlots.set(sorted.get(k).slot());
            }
            i = j;
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
                flash.read(segAddress(c), sealed, 0, sealed.length);
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

    /**
     * Writes one record durably (docs/keystore.md section 3) and adds it to its block; the caller
     * indexes it. {@code meta} receives the record's seq (a reservation's reference is its seq).
     */
    Rec writeRecord(
            LongFunction<Meta> metaOf, byte[][] segPlain, int[] abs, long blockId, Space space) {
        int n = segPlain == null ? 0 : segPlain.length;
        int s = n == 0 ? 0 : sealedSegLen;
        int m = metaOf.apply(0).encode().length + Layout.TAG_LEN;
        int len = Layout.recordLength(m, n, s);
        int block = ensureSpace(len, space);
        long seq = nextSeq();
        byte[] buf = format.encode(seq, metaOf.apply(seq), segPlain, abs, blockId);
        int base = Layout.segmentBase(m);
        Block blk = blocks[block];
        int offset = blk.write;
        OnFlash.programCommitted(flash, geo.blockAddress(block) + offset, buf, 24 + m);
        Rec r =
                new Rec(
                        seq,
                        block,
                        offset,
                        len,
                        metaOf.apply(seq),
                        base,
                        s,
                        abs == null ? new int[0] : abs);
        r.liveSlots.set(0, n);
        blk.recs.add(r);
        blk.write = offset + len;
        return r;
    }

    int freeCount() {
        int n = 0;
        for (Block b : blocks) {
            if (b != null && b.isFree()) {
                n++;
            }
        }
        return n;
    }

    private long meanEraseCount() {
        long sum = 0;
        int n = 0;
        for (Block b : blocks) {
            if (b != null && b.eraseCountKnown) {
                sum += b.eraseCount;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    long eraseCountOf(Block b) {
        return b.eraseCountKnown ? b.eraseCount : meanEraseCount();
    }

    private long wearSpread() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Block b : blocks) {
            if (b != null && b.state != BlockState.BAD) {
                long ec = eraseCountOf(b);
                min = Math.min(min, ec);
                max = Math.max(max, ec);
            }
        }
        return min == Long.MAX_VALUE ? 0 : max - min;
    }

    /** Who is writing, which decides how far into the free-block reserve a write may go. */
    enum Space {
        /** Appends and reserves: collect first, keep {@code minFreeBlocks} for the collector. */
        NORMAL,
        /** Consumes: like NORMAL, but may take a reserve block when nothing can be collected. */
        URGENT,
        /** The collector's own copies: may take any free block, never collect. */
        COLLECTOR
    }

    /** The block the next record of {@code len} bytes goes to; collects garbage when needed. */
    private int ensureSpace(int len, Space space) {
        if (len > geo.blockSize() - Layout.BLOCK_HEADER_LEN) {
            throw new KeyStoreException(
                    Reason.BLOCK_TOO_LARGE, "record of " + len + " bytes exceeds a block");
        }
        boolean leveled = false;
        for (int attempt = 0; attempt < 4 * blocks.length; attempt++) {
            if (head >= 0 && blocks[head].write + len <= geo.blockSize()) {
                return head;
            }
            if (head >= 0) {
                blocks[head].state = BlockState.CLOSED;
                head = -1;
            }
            if (space == Space.COLLECTOR) {
                head = allocate();
                continue;
            }
            if (!leveled
                    && wearSpread() > config.wearLevelDelta()
                    && freeCount() >= config.minFreeBlocks() + 1) {
                leveled = true;
                collector.collectOne(true);
                continue;
            }
            if (freeCount() >= config.minFreeBlocks() + 1) {
                head = allocate();
                continue;
            }
            // Only a victim that frees more than this record needs is worth its erase.
            if (!collector.collectOne(false, len + 64)) {
                if (space == Space.URGENT && freeCount() > 0) {
                    // A consume is what makes space reclaimable: let it dip into the reserve.
                    head = allocate();
                    continue;
                }
                throw new KeyStoreException(
                        Reason.STORE_FULL, "no space left for a record of " + len + " bytes");
            }
        }
        throw new KeyStoreException(
                Reason.STORE_FULL, "no space left for a record of " + len + " bytes");
    }

    /** Takes the least worn free block, erasing it if needed, and gives it a fresh block header. */
    private int allocate() {
        while (true) {
            Block best = null;
            for (Block b : blocks) {
                if (b != null
                        && b.isFree()
                        && (best == null || eraseCountOf(b) < eraseCountOf(best))) {
                    best = b;
                }
            }
            if (best == null) {
                throw new KeyStoreException(Reason.STORE_FULL, "no free erase block");
            }
            if (best.state == BlockState.FREE_CLEAN) {
                best.state = BlockState.HEAD;
                return best.index;
            }
            long ec = eraseCountOf(best);
            if (!best.allErased) {
                try {
                    flash.erase(best.index);
                } catch (FlashException.WornOut e) {
                    LOG.warn("log block {} worn out; retired", best.index);
                    best.state = BlockState.BAD;
                    continue;
                }
                ec++;
            }
            startBlock(best, ec);
            best.state = BlockState.HEAD;
            return best.index;
        }
    }

    void startBlock(Block b, long eraseCount) {
        long seq = nextSeq();
        OnFlash.writeBlockHeader(flash, geo, b.index, seq, eraseCount);
        b.hasHeader = true;
        b.seq = seq;
        b.eraseCount = eraseCount;
        b.eraseCountKnown = true;
        b.allErased = false;
        b.write = Layout.BLOCK_HEADER_LEN;
        b.recs.clear();
    }
}
