package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
import io.qkdmodem.keystore.flash.FlashException;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.NorFlash;
import io.qkdmodem.keystore.log.Index.Block;
import io.qkdmodem.keystore.log.Index.BlockState;
import io.qkdmodem.keystore.log.Index.Rec;
import io.qkdmodem.keystore.log.Index.SegCopy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The log's erase blocks and what is written into them (docs/keystore.md, sections 2.2 to 2.4 and
 * 3): the head block, record sequence numbers ({@code generation << 32 | counter}), durable record
 * writes, in-place zeroization of segment copies, free space for the next record (collecting
 * garbage or leveling wear first when the free reserve is low, through the {@link Collector}),
 * allocation of the least worn free block, and erase-count accounting. Runs under the store's write
 * lock.
 */
final class LogSpace {
    private final NorFlash flash;
    private final FlashGeometry geo;
    private final KeyStoreConfig config;
    private final int sealedSegLen;
    private final RecordFormat format;

    /** Set once by the store, right after construction (the collector writes through this). */
    Collector collector;

    final Block[] blocks;
    int head = -1;
    long generation;
    private int counter;

    LogSpace(NorFlash flash, KeyStoreConfig config, int sealedSegLen, RecordFormat format) {
        this.flash = flash;
        this.geo = flash.geometry();
        this.config = config;
        this.sealedSegLen = sealedSegLen;
        this.format = format;
        this.blocks = new Block[geo.blockCount()];
        for (int b = Layout.HEADER_BLOCKS; b < blocks.length; b++) {
            blocks[b] = new Block(b);
        }
    }

    boolean validLogBlock(int b) {
        return b >= Layout.HEADER_BLOCKS && b < blocks.length;
    }

    long nextSeq() {
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
    void zeroize(List<SegCopy> copies) {
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

    long wearSpread() {
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
    int ensureSpace(int len, Space space) {
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
                    FlashKeyStore.LOG.warn("log block {} worn out; retired", best.index);
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

    long[] knownEraseCounts() {
        long[] ec = new long[blocks.length];
        for (Block b : blocks) {
            if (b != null) {
                ec[b.index] = eraseCountOf(b);
            }
        }
        return ec;
    }
}
