package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.RequestId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** The in-memory picture of the log, rebuilt at mount. */
final class Index {
    private Index() {}

    /** A committed record on the flash. */
    static final class Rec {
        final long seq;
        final int block;
        final int offset;
        final int length;
        final Meta meta;
        final int segBase;
        final int segLen;

        /** Absolute segment index of each slot (KEY records). */
        final int[] abs;

        /** Slots whose tag is not zeroized. */
        final BitSet liveSlots;

        /** Slots that are entirely 0x00. */
        final BitSet zeroSlots;

        Rec(
                long seq,
                int block,
                int offset,
                int length,
                Meta meta,
                int segBase,
                int segLen,
                int[] abs) {
            this.seq = seq;
            this.block = block;
            this.offset = offset;
            this.length = length;
            this.meta = meta;
            this.segBase = segBase;
            this.segLen = segLen;
            this.abs = abs;
            this.liveSlots = new BitSet();
            this.zeroSlots = new BitSet();
        }
    }

    /** One stored copy of a segment: slot {@code slot} of {@code rec}. */
    record SegCopy(Rec rec, int slot) {}

    enum BlockState {
        /** Erased with a valid block header and nothing after it. */
        FREE_CLEAN,
        /** Must be erased before use (no valid header, garbage, or torn). */
        FREE_DIRTY,
        HEAD,
        CLOSED,
        /** Worn out: never used again. */
        BAD
    }

    /** A log block. */
    static final class Block {
        final int index;
        BlockState state = BlockState.FREE_DIRTY;
        boolean hasHeader;
        long seq = -1;
        long eraseCount;
        boolean eraseCountKnown;
        boolean allErased;
        int write = Layout.BLOCK_HEADER_LEN;
        final List<Rec> recs = new ArrayList<>();

        Block(int index) {
            this.index = index;
        }

        boolean isFree() {
            return state == BlockState.FREE_CLEAN || state == BlockState.FREE_DIRTY;
        }
    }

    /** A stored key block. */
    static final class KeyEntry {
        final long blockId;
        final long acquiredAt;
        final AcquisitionCounts counts;
        final int totalBits;
        final int segCount;
        final List<List<SegCopy>> copies;
        final List<Rec> recs = new ArrayList<>();
        final BitSet present = new BitSet();
        final BitSet reserved = new BitSet();

        KeyEntry(
                long blockId,
                long acquiredAt,
                AcquisitionCounts counts,
                int totalBits,
                int segmentBits) {
            this.blockId = blockId;
            this.acquiredAt = acquiredAt;
            this.counts = counts;
            this.totalBits = totalBits;
            this.segCount = (totalBits + segmentBits - 1) / segmentBits;
            this.copies = new ArrayList<>(segCount);
            for (int i = 0; i < segCount; i++) {
                copies.add(new ArrayList<>(1));
            }
        }

        int bitsOf(int segment, int segmentBits) {
            return Math.min(segmentBits, totalBits - segment * segmentBits);
        }

        long bitsIn(BitSet segments, int segmentBits) {
            long n = 0;
            for (int a = segments.nextSetBit(0); a >= 0; a = segments.nextSetBit(a + 1)) {
                n += bitsOf(a, segmentBits);
            }
            return n;
        }
    }

    /** A reservation. */
    static final class Res {
        final long ref;
        final RequestId requestId;
        final KeyRange range;
        boolean consumed;
        long consumeSeq;
        final List<Rec> recs = new ArrayList<>();

        Res(long ref, RequestId requestId, KeyRange range) {
            this.ref = ref;
            this.requestId = requestId;
            this.range = range;
        }

        int firstSegment(int segmentBits) {
            return range.bitOffset() / segmentBits;
        }

        int endSegment(int segmentBits) {
            return (int) (((long) range.endBit() + segmentBits - 1) / segmentBits);
        }
    }
}
