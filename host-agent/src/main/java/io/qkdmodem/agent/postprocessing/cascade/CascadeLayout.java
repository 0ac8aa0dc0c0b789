package io.qkdmodem.agent.postprocessing.cascade;

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
public final class CascadeLayout {
    private final int n;
    private final CascadeSchedule schedule;
    private final int[] logK;
    private final int[] blocks;

    /** perm[p][i] = key position of pass-order index i (null for pass 0). */
    private final int[][] perm;

    /** inv[p][x] = pass-order index of key position x (null for pass 0). */
    private final int[][] inv;

    public CascadeLayout(int n, CascadeSchedule schedule, long permutationSeed) {
        this.n = n;
        this.schedule = schedule;
        int passes = schedule.passes();
        logK = new int[passes];
        blocks = new int[passes];
        perm = new int[passes][];
        inv = new int[passes][];
        for (int p = 0; p < passes; p++) {
            int k = schedule.blockSize(p);
            logK[p] = Integer.numberOfTrailingZeros(k);
            blocks[p] = (int) (((long) n + k - 1) / k);
            if (p > 0) {
                SplitMix64 rng = new SplitMix64(permutationSeed + 0x632BE59BD9B4E019L * p);
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                }
                int[] b = new int[n];
                for (int i = 0; i < n; i++) {
                    b[a[i]] = i;
                }
                perm[p] = a;
                inv[p] = b;
            }
        }
    }

    public int keyLength() {
        return n;
    }

    public CascadeSchedule schedule() {
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
        return pass == 0 ? i : perm[pass][i];
    }

    /** Pass-order index of key position {@code x}. */
    public int passIndex(int pass, int x) {
        return pass == 0 ? x : inv[pass][x];
    }

    /** The key reordered for pass {@code p}, as packed words. */
    public long[] reorder(int pass, long[] key) {
        long[] out = new long[(n + 63) >>> 6];
        if (pass == 0) {
            System.arraycopy(key, 0, out, 0, out.length);
            return out;
        }
        int[] a = perm[pass];
        for (int i = 0; i < n; i++) {
            int x = a[i];
            out[i >>> 6] |= ((key[x >>> 6] >>> x) & 1L) << i;
        }
        return out;
    }
}
