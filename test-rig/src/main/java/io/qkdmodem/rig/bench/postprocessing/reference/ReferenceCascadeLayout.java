package io.qkdmodem.rig.bench.postprocessing.reference;

import io.qkdmodem.agent.postprocessing.bits.SplitMix64;

/**
 * Where every Cascade tree node lies. Pass {@code p} reorders the key by a permutation (pass 0
 * keeps the order) and cuts it into blocks of {@code k_p} bits (a power of two; the last block may
 * be short). Each block is a complete binary tree in heap order: node {@code h = 1} is the whole
 * block, the children of {@code h} are {@code 2h} and {@code 2h + 1}. The node index inside pass
 * {@code p} is {@code block * 2 k_p + h}; its range in pass order is {@code [block k_p + j s, block
 * k_p + (j + 1) s)} with {@code d = floor(log2 h)}, {@code j = h - 2^d}, {@code s = k_p >> d},
 * clipped to {@code n}.
 */
public final class ReferenceCascadeLayout {
    private final int n;
    private final ReferenceCascadeSchedule schedule;
    private final int[] logK;
    private final int[] blocks;

    /**
     * perm[p][o] = offset inside its frame of the key position at pass-order offset o, for every
     * frame but the last (null for pass 0 or a single frame).
     */
    private final int[][] perm;

    /** inv[p][x] = pass-order index of key position x (null for pass 0). */
    private final int[][] inv;

    /** The same for the last frame, which starts at {@link #lastStart}. */
    private final int[][] permLast;

    private final int[][] invLast;
    private final int lastStart;

    private final int logFrame;

    /** One frame holding the whole key. */
    public ReferenceCascadeLayout(int n, ReferenceCascadeSchedule schedule, long permutationSeed) {
        this(n, schedule, permutationSeed, 1 << 30);
    }

    /** Frames of {@code frameBits} bits (power of two, at least twice every block size). */
    public ReferenceCascadeLayout(
            int n, ReferenceCascadeSchedule schedule, long permutationSeed, int frameBits) {
        if (Integer.bitCount(frameBits) != 1) {
            throw new IllegalArgumentException("frame length must be a power of two");
        }
        for (int k : schedule.blockSizes()) {
            if (k > frameBits / 2 && frameBits < n) {
                throw new IllegalArgumentException("blocks must fit twice in a frame");
            }
        }
        this.n = n;
        this.schedule = schedule;
        this.logFrame = Integer.numberOfTrailingZeros(frameBits);
        int passes = schedule.passes();
        logK = new int[passes];
        blocks = new int[passes];
        perm = new int[passes][];
        inv = new int[passes][];
        permLast = new int[passes][];
        invLast = new int[passes][];
        int frames = frames();
        lastStart = (frames - 1) << logFrame;
        for (int p = 0; p < passes; p++) {
            int k = schedule.blockSize(p);
            logK[p] = Integer.numberOfTrailingZeros(k);
            blocks[p] = (int) (((long) n + k - 1) / k);
            if (p > 0) {
                SplitMix64 rng = new SplitMix64(permutationSeed + 0x632BE59BD9B4E019L * p);
                // One permutation of the last frame (which holds the remainder) and, when there
                // are several frames, one shared by all the other frames: frames are independent,
                // so sharing costs nothing in efficiency and keeps memory and time per pass at
                // O(frame) instead of O(n).
                permLast[p] = shuffle(n - lastStart, rng);
                invLast[p] = invert(permLast[p]);
                if (frames > 1) {
                    perm[p] = shuffle(1 << logFrame, rng);
                    inv[p] = invert(perm[p]);
                }
            }
        }
    }

    /**
     * A uniform permutation of {@code [0, len)} by Fisher-Yates; each 64-bit draw gives two 32-bit
     * draws (high half first), each mapped to {@code [0, bound)} by Lemire's method with exact
     * rejection (a rejected draw is replaced by {@link SplitMix64#nextInt}).
     */
    private static int[] shuffle(int len, SplitMix64 rng) {
        int[] a = new int[len];
        for (int i = 0; i < len; i++) {
            a[i] = i;
        }
        int i = len - 1;
        while (i > 0) {
            long r = rng.nextLong();
            for (int half = 0; half < 2 && i > 0; half++, i--) {
                long r32 = half == 0 ? r >>> 32 : r & 0xFFFFFFFFL;
                int bound = i + 1;
                long m = r32 * bound;
                int j;
                if ((m & 0xFFFFFFFFL) < bound
                        && (m & 0xFFFFFFFFL) < (0x1_0000_0000L - bound) % bound) {
                    j = rng.nextInt(bound);
                } else {
                    j = (int) (m >>> 32);
                }
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
        return a;
    }

    private static int[] invert(int[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[a[i]] = i;
        }
        return b;
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
        return Math.max(1, (int) (n >>> logFrame));
    }

    /** The frame holding pass-order index (or key position) {@code i}. */
    public int frameOf(int i) {
        return Math.min(i >>> logFrame, frames() - 1);
    }

    public ReferenceCascadeSchedule schedule() {
        return schedule;
    }

    public int passes() {
        return logK.length;
    }

    public int blockSize(int pass) {
        return 1 << logK[pass];
    }

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

    /** Whether {@code node} names a tree node of pass {@code pass} (not padding). */
    public boolean isNode(int pass, int node) {
        return pass >= 0
                && pass < logK.length
                && node >= 0
                && node < nodesInPass(pass)
                && (node & ((2 << logK[pass]) - 1)) != 0;
    }

    public int topNode(int pass, int block) {
        return (block << (logK[pass] + 1)) | 1;
    }

    /** Start of the node's range in pass order (may be {@code >= n} for an empty node). */
    public int start(int pass, int node) {
        int lk = logK[pass];
        int block = node >>> (lk + 1);
        int h = node & ((2 << lk) - 1);
        int d = 31 - Integer.numberOfLeadingZeros(h);
        int j = h - (1 << d);
        return (block << lk) + (j << (lk - d));
    }

    /** End (exclusive) of the node's range in pass order, clipped to n. */
    public int end(int pass, int node) {
        int lk = logK[pass];
        int h = node & ((2 << lk) - 1);
        int d = 31 - Integer.numberOfLeadingZeros(h);
        return Math.min(n, start(pass, node) + (1 << (lk - d)));
    }

    /** Key position of pass-order index {@code i}. */
    public int keyPosition(int pass, int i) {
        if (pass == 0) {
            return i;
        }
        if (i >= lastStart) {
            return lastStart + permLast[pass][i - lastStart];
        }
        int base = (i >>> logFrame) << logFrame;
        return base + perm[pass][i - base];
    }

    /** Pass-order index of key position {@code x}. */
    public int passIndex(int pass, int x) {
        if (pass == 0) {
            return x;
        }
        if (x >= lastStart) {
            return lastStart + invLast[pass][x - lastStart];
        }
        int base = (x >>> logFrame) << logFrame;
        return base + inv[pass][x - base];
    }

    /** The key reordered for pass {@code p}, as packed words. */
    public long[] reorder(int pass, long[] key) {
        long[] out = new long[(n + 63) >>> 6];
        if (pass == 0) {
            System.arraycopy(key, 0, out, 0, out.length);
            return out;
        }
        for (int i = 0; i < n; ) {
            int base = i >= lastStart ? lastStart : (i >>> logFrame) << logFrame;
            int[] a = i >= lastStart ? permLast[pass] : perm[pass];
            int end = i >= lastStart ? n : base + (1 << logFrame);
            // frames start at multiples of 64, so whole words are gathered at a time
            while (i < end) {
                int wordEnd = Math.min(end, i + 64);
                long acc = 0;
                for (int b = 0; i < wordEnd; i++, b++) {
                    int x = base + a[i - base];
                    acc |= ((key[x >>> 6] >>> x) & 1L) << b;
                }
                out[(i - 1) >>> 6] = acc;
            }
        }
        return out;
    }
}
