package io.qkdmodem.agent.postprocessing.cascade;

import io.qkdmodem.agent.postprocessing.bits.SplitMix64;

/**
 * Where every Cascade tree node lies. Pass {@code p} reorders the key inside each frame (pass 0
 * keeps the order) and cuts every frame into blocks of {@code k_p} bits (the last block of a frame
 * may be short). Each block is a binary tree in heap order over {@code K_p = 2^ceil(log2 k_p)} leaf
 * slots: node {@code h = 1} is the whole block, the children of {@code h} are {@code 2h} and {@code
 * 2h + 1}. The node index inside pass {@code p} is {@code block * 2 K_p + h}; its range in pass
 * order is {@code [s_b + j s, s_b + (j + 1) s)} with {@code s_b} the block's start, {@code d =
 * floor(log2 h)}, {@code j = h - 2^d}, {@code s = K_p >> d}, clipped to the block's end. A node
 * whose range is empty is no node; when {@code k_p} is a power of two every slot is a node.
 *
 * <p>Frames: all frames but the last have {@code frameBits} bits; the last also holds the
 * remainder. All full frames of a pass share one permutation, the last frame has its own. Frames of
 * a multiple of 4096 bits use {@link FramePermutation.WordMixPermutation} (whole-word moves and 64
 * x 64 bit transposes: cheap to apply); other lengths a uniform Fisher-Yates permutation.
 */
public final class CascadeLayout {
    private final int n;
    private final CascadeSchedule schedule;
    private final int[] k;
    private final int[] logK;
    private final int[] blocks;
    private final int[] blocksPerFrame;

    /** log2 k_p when k_p is a power of two (then block = index >> shift), else -1. */
    private final int[] blockShift;

    /** blockStart[p][b] = first pass-order index of block b; blockStart[p][blocks] = n. */
    private final int[][] blockStart;

    /** Shared permutation of every full frame (null for pass 0 or a single frame). */
    private final FramePermutation[] perm;

    /** Permutation of the last frame (null for pass 0). */
    private final FramePermutation[] permLast;

    private final int lastStart;
    private final int logFrame;
    private final int frames;

    /** One frame holding the whole key. */
    public CascadeLayout(int n, CascadeSchedule schedule, long permutationSeed) {
        this(n, schedule, permutationSeed, 1 << 30);
    }

    /** Frames of {@code frameBits} bits (power of two, at least twice every block size). */
    public CascadeLayout(int n, CascadeSchedule schedule, long permutationSeed, int frameBits) {
        if (Integer.bitCount(frameBits) != 1) {
            throw new IllegalArgumentException("frame length must be a power of two");
        }
        for (int kp : schedule.blockSizes()) {
            if (kp > frameBits / 2 && frameBits < n) {
                throw new IllegalArgumentException("blocks must fit twice in a frame");
            }
        }
        this.n = n;
        this.schedule = schedule;
        this.logFrame = Integer.numberOfTrailingZeros(frameBits);
        this.frames = Math.max(1, (int) (n >>> logFrame));
        int passes = schedule.passes();
        k = new int[passes];
        logK = new int[passes];
        blocks = new int[passes];
        blocksPerFrame = new int[passes];
        blockShift = new int[passes];
        blockStart = new int[passes][];
        perm = new FramePermutation[passes];
        permLast = new FramePermutation[passes];
        lastStart = (frames - 1) << logFrame;
        int lastLen = n - lastStart;
        for (int p = 0; p < passes; p++) {
            int kp = schedule.blockSize(p);
            k[p] = kp;
            logK[p] = 32 - Integer.numberOfLeadingZeros(kp - 1);
            // a power of two no longer than a frame divides the frame: blocks tile the key evenly
            boolean even = Integer.bitCount(kp) == 1 && (frames == 1 || kp <= (1 << logFrame));
            blockShift[p] = even ? logK[p] : -1;
            int perFrame = frames > 1 ? ((1 << logFrame) + kp - 1) / kp : 0;
            blocksPerFrame[p] = perFrame;
            blocks[p] = (frames - 1) * perFrame + (lastLen + kp - 1) / kp;
            int[] bs = new int[blocks[p] + 1];
            int b = 0;
            for (int f = 0; f < frames; f++) {
                int fs = f << logFrame;
                int fe = f == frames - 1 ? n : fs + (1 << logFrame);
                for (int s = fs; s < fe; s += kp) {
                    bs[b++] = s;
                }
            }
            bs[b] = n;
            blockStart[p] = bs;
            if (p > 0) {
                SplitMix64 rng = new SplitMix64(permutationSeed + 0x632BE59BD9B4E019L * p);
                // Frames are independent, so sharing one permutation among the full frames costs
                // nothing in efficiency and keeps memory and time per pass at O(frame).
                permLast[p] = FramePermutation.create(lastLen, rng);
                if (frames > 1) {
                    perm[p] = FramePermutation.create(1 << logFrame, rng);
                }
            }
        }
    }

    public int keyLength() {
        return n;
    }

    /** log2 of the frame length. */
    public int logFrameBits() {
        return logFrame;
    }

    /**
     * Number of frames: {@code floor(n / frameBits)}, at least 1; the remainder joins the last
     * frame (a short frame of its own would get no protection from blocks longer than itself).
     */
    public int frames() {
        return frames;
    }

    /** The frame holding pass-order index (or key position) {@code i}. */
    public int frameOf(int i) {
        return Math.min(i >>> logFrame, frames - 1);
    }

    public CascadeSchedule schedule() {
        return schedule;
    }

    public int passes() {
        return logK.length;
    }

    /** Top-level block size {@code k_p} (the last block of a frame may be shorter). */
    public int blockSize(int pass) {
        return k[pass];
    }

    /** {@code log2 K_p}: depth of the leaves of pass {@code pass}'s trees. */
    public int logBlockSize(int pass) {
        return logK[pass];
    }

    public int blocks(int pass) {
        return blocks[pass];
    }

    /** Node indices in pass {@code p} are in {@code [0, nodesInPass(p))}. */
    public int nodesInPass(int pass) {
        return blocks[pass] << (logK[pass] + 1);
    }

    /** Whether {@code node} names a non-empty tree node of pass {@code pass}. */
    public boolean isNode(int pass, int node) {
        return pass >= 0
                && pass < logK.length
                && node >= 0
                && node < nodesInPass(pass)
                && (node & ((2 << logK[pass]) - 1)) != 0
                && start(pass, node) < blockEnd(pass, node >>> (logK[pass] + 1));
    }

    public int topNode(int pass, int block) {
        return (block << (logK[pass] + 1)) | 1;
    }

    /** First pass-order index of block {@code block}. */
    public int blockStart(int pass, int block) {
        return blockStart[pass][block];
    }

    /** End (exclusive) of block {@code block} in pass order. */
    public int blockEnd(int pass, int block) {
        return blockStart[pass][block + 1];
    }

    /** The block of pass {@code pass} holding pass-order index {@code i}. */
    public int blockOf(int pass, int i) {
        int shift = blockShift[pass];
        if (shift >= 0) {
            return i >>> shift;
        }
        int f = frameOf(i);
        return f * blocksPerFrame[pass] + (i - (f << logFrame)) / k[pass];
    }

    /**
     * The node's range in one value: {@code start << 32 | end} (end clipped to the block; {@code
     * start >= end} for an empty node).
     */
    public long span(int pass, int node) {
        int lk = logK[pass];
        int block = node >>> (lk + 1);
        int h = node & ((2 << lk) - 1);
        int d = 31 - Integer.numberOfLeadingZeros(h);
        int j = h - (1 << d);
        int bs;
        int be;
        if (blockShift[pass] >= 0) {
            bs = block << lk;
            be = Math.min(n, bs + (1 << lk));
        } else {
            bs = blockStart[pass][block];
            be = blockStart[pass][block + 1];
        }
        int s = bs + (j << (lk - d));
        return ((long) s << 32) | Math.min(be, s + (1 << (lk - d)));
    }

    /** Start of the node's range in pass order (may be past the block's end for an empty node). */
    public int start(int pass, int node) {
        int lk = logK[pass];
        int block = node >>> (lk + 1);
        int h = node & ((2 << lk) - 1);
        int d = 31 - Integer.numberOfLeadingZeros(h);
        int j = h - (1 << d);
        int bs = blockShift[pass] >= 0 ? block << lk : blockStart[pass][block];
        return bs + (j << (lk - d));
    }

    /** End (exclusive) of the node's range in pass order, clipped to its block. */
    public int end(int pass, int node) {
        int lk = logK[pass];
        int block = node >>> (lk + 1);
        int h = node & ((2 << lk) - 1);
        int d = 31 - Integer.numberOfLeadingZeros(h);
        int j = h - (1 << d);
        int s = blockStart[pass][block] + (j << (lk - d));
        return Math.min(blockStart[pass][block + 1], s + (1 << (lk - d)));
    }

    /** Key position of pass-order index {@code i}. */
    public int keyPosition(int pass, int i) {
        if (pass == 0) {
            return i;
        }
        if (i >= lastStart) {
            return lastStart + permLast[pass].keyOffset(i - lastStart);
        }
        int base = (i >>> logFrame) << logFrame;
        return base + perm[pass].keyOffset(i - base);
    }

    /** Pass-order index of key position {@code x}. */
    public int passIndex(int pass, int x) {
        if (pass == 0) {
            return x;
        }
        if (x >= lastStart) {
            return lastStart + permLast[pass].passOffset(x - lastStart);
        }
        int base = (x >>> logFrame) << logFrame;
        return base + perm[pass].passOffset(x - base);
    }

    /** The key reordered for pass {@code p}, as packed words. */
    public long[] reorder(int pass, long[] key) {
        long[] out = new long[(n + 63) >>> 6];
        if (pass == 0) {
            System.arraycopy(key, 0, out, 0, out.length);
            return out;
        }
        for (int f = 0; f < frames - 1; f++) {
            perm[pass].reorder(key, out, (f << logFrame) >>> 6);
        }
        permLast[pass].reorder(key, out, lastStart >>> 6);
        return out;
    }
}
