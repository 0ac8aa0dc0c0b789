package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Mounting a {@link FlashKeyStore} (docs/keystore.md, section 4): the newest valid header, the
 * device-key check, a scan of every log block, erase intents applied newest first, every other
 * committed record applied to the {@link StoreIndex} in seq order, the head block, a new
 * generation, the state of every segment, interrupted consumes finished, the new header written,
 * and whatever an interrupted erase or collection left behind erased.
 */
final class StoreMount {
    private StoreMount() {}

    /** Where the mounted header lies, and what a new header repeats (salt, key check). */
    private static final class HeaderSlot {
        final byte[] salt;
        final byte[] check;
        int block;
        int page;

        HeaderSlot(byte[] salt, byte[] check, int block, int page) {
            this.salt = salt;
            this.check = check;
            this.block = block;
            this.page = page;
        }

        /**
         * Writes the header of the store's new generation to the next erased page after the current
         * one, or to page 0 of the other header block (erased first).
         */
        void write(FlashKeyStore s) {
            byte[] h = OnFlash.header(s.geo, s.space.generation, s.segmentBits, salt, check);
            byte[] buf = new byte[s.geo.pageSize()];
            int target = -1;
            for (int p = this.page + 1; p < s.geo.pagesPerBlock(); p++) {
                s.flash.read(
                        s.geo.blockAddress(block) + (long) p * s.geo.pageSize(),
                        buf,
                        0,
                        buf.length);
                if (Bytes.allEqual(buf, 0, buf.length, (byte) 0xFF)) {
                    target = p;
                    break;
                }
            }
            if (target < 0) {
                block = 1 - block;
                s.flash.erase(block);
                target = 0;
            }
            this.page = target;
            OnFlash.programCommitted(
                    s.flash,
                    s.geo.blockAddress(block) + (long) target * s.geo.pageSize(),
                    h,
                    Layout.HEADER_COMMIT_AT);
        }
    }

    /** See {@link FlashKeyStore#mount}. */
    static FlashKeyStore mount(NorFlash flash, DeviceKey deviceKey, KeyStoreConfig config) {
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
        FlashKeyStore s = new FlashKeyStore(flash, config, segBits, crypto);
        HeaderSlot header = new HeaderSlot(salt, check, bestBlock, bestPage);
        boolean mounted = false;
        try {
            load(s, header, bestGen);
            mounted = true;
        } finally {
            if (!mounted) {
                crypto.destroy();
            }
        }
        return s;
    }

    /** Scans the log, rebuilds the index, recovers, and starts generation max + 1. */
    private static void load(FlashKeyStore s, HeaderSlot header, long headerGen) {
        long maxGen = headerGen;
        byte[] buf = new byte[s.geo.blockSize()];
        List<Rec> all = new ArrayList<>();
        for (int b = Layout.HEADER_BLOCKS; b < s.space.blocks.length; b++) {
            Block blk = s.space.blocks[b];
            OnFlash.readStable(s.flash, s.geo.blockAddress(b), buf);
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
            int end = s.format.scanRecords(buf, b, blk.recs);
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
                    && s.space.blocks[r.block].state != BlockState.FREE_DIRTY) {
                Block t = s.space.validLogBlock(ei.block()) ? s.space.blocks[ei.block()] : null;
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
            if (s.space.blocks[r.block].state == BlockState.FREE_DIRTY) {
                continue;
            }
            s.index.apply(r);
            newest = r;
        }
        for (Block blk : s.space.blocks) {
            if (blk != null
                    && blk.state == BlockState.HEAD
                    && (newest == null || blk.index != newest.block)) {
                blk.state = BlockState.CLOSED;
            }
        }
        if (newest != null && s.space.blocks[newest.block].state == BlockState.HEAD) {
            s.space.head = newest.block;
        }
        s.space.generation = maxGen + 1;
        if (s.space.generation >= 1L << 31) {
            throw new KeyStoreException(Reason.FLASH_FAILURE, "generation counter exhausted");
        }
        // 4. state of every segment; 5. finish interrupted consumes
        for (KeyEntry e : s.index.keys.values()) {
            for (int a = 0; a < e.segCount; a++) {
                for (SegCopy c : e.copies.get(a)) {
                    if (c.rec().liveSlots.get(c.slot())) {
                        e.present.set(a);
                    }
                }
            }
        }
        boolean zeroized = false;
        for (Res r : s.index.reservations.values()) {
            KeyEntry e = s.index.keys.get(r.range.blockId());
            if (e == null) {
                continue;
            }
            int from = Math.min(r.firstSegment(s.segmentBits), e.segCount);
            int to = Math.min(r.endSegment(s.segmentBits), e.segCount);
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
                s.space.zeroize(unfinished);
                zeroized |= !unfinished.isEmpty();
            } else {
                e.reserved.set(from, to);
            }
        }
        if (zeroized) {
            s.flash.sync();
            FlashKeyStore.LOG.info("mount finished an interrupted consume");
        }
        header.write(s);
        // Erase what an interrupted erase or collection left behind, so no stale copy of a
        // segment consumed since can linger on the s.flash.
        for (Block blk : s.space.blocks) {
            if (blk != null && blk.state == BlockState.FREE_DIRTY && !blk.allErased) {
                long ec = s.space.eraseCountOf(blk);
                try {
                    s.flash.erase(blk.index);
                } catch (FlashException.WornOut e) {
                    FlashKeyStore.LOG.warn("log block {} worn out; retired", blk.index);
                    blk.state = BlockState.BAD;
                    continue;
                }
                blk.recs.clear();
                s.space.startBlock(blk, ec + 1);
                blk.state = BlockState.FREE_CLEAN;
            }
        }
        FlashKeyStore.LOG.info(
                "mounted key store generation {}: {} blocks, {} reservations",
                s.space.generation,
                s.index.keys.size(),
                s.index.reservations.size());
    }
}
