package io.qkdmodem.agent.postprocessing.cascade;

import io.qkdmodem.agent.postprocessing.bits.BitVector;

/**
 * Alice's side of Cascade: a parity oracle on her (reference) key. Every parity she discloses is
 * counted in {@link #leakedBits()}; she refuses to disclose more than {@code maxLeak} bits.
 *
 * <p>A request is checked whole before anything is disclosed (a refused request changes nothing):
 * it is not empty, and names only left children (Bob's searches ask for nothing else; the right
 * child follows from its parent) that were never disclosed before, so every node is disclosed at
 * most once and every round discloses at least one new parity: at most {@code maxLeak} rounds.
 */
public final class CascadeAlice {
    private final CascadeLayout layout;
    private final long[][] bits;
    private final long maxLeak;
    private long leaked;
    private int replies;

    /** Nodes disclosed so far, one bit per node of each pass. */
    private final long[][] disclosed;

    public CascadeAlice(CascadeLayout layout, BitVector aliceKey, long maxLeak) {
        if (aliceKey.length() != layout.keyLength()) {
            throw new IllegalArgumentException("key length does not match the layout");
        }
        this.layout = layout;
        this.maxLeak = maxLeak;
        bits = new long[layout.passes()][];
        disclosed = new long[layout.passes()][];
        for (int p = 0; p < layout.passes(); p++) {
            bits[p] = layout.reorder(p, aliceKey.words());
            disclosed[p] = new long[(layout.nodesInPass(p) + 63) >>> 6];
        }
    }

    /** Number of top-level parities {@link #topParities()} returns. */
    public static int topParityCount(CascadeLayout layout) {
        int c = layout.blocks(0);
        for (int p = 1; p < layout.passes(); p++) {
            c += layout.blocks(p) - 1;
        }
        return c;
    }

    /**
     * Parities of every top-level block: all blocks of pass 0, then for each later pass every block
     * but the last (which follows from the total parity).
     */
    public BitVector topParities() throws CascadeProtocolException {
        BitVector out = new BitVector(topParityCount(layout));
        int o = 0;
        for (int p = 0; p < layout.passes(); p++) {
            int count = p == 0 ? layout.blocks(0) : layout.blocks(p) - 1;
            for (int b = 0; b < count; b++) {
                int node = layout.topNode(p, b);
                if (parity(p, node) != 0) {
                    out.set(o, true);
                }
                o++;
            }
        }
        disclose(out.length());
        return out;
    }

    /** Alice's parities of the requested nodes, in order. */
    public BitVector answer(int[] passes, int[] nodes) throws CascadeProtocolException {
        if (passes.length != nodes.length) {
            throw new CascadeProtocolException("passes and nodes differ in length");
        }
        if (passes.length == 0) {
            throw new CascadeProtocolException("empty parity request");
        }
        int np = layout.passes();
        for (int i = 0; i < passes.length; i++) {
            int p = passes[i];
            int node = nodes[i];
            // a node of the forest (not the unused slot 0 of a tree) whose range is not empty
            if (p < 0
                    || p >= np
                    || node < 0
                    || node >= layout.nodesInPass(p)
                    || (node & ((2 << layout.logBlockSize(p)) - 1)) == 0) {
                throw new CascadeProtocolException("request names no Cascade node");
            }
            long span = layout.span(p, node);
            if ((int) (span >>> 32) >= (int) span) {
                throw new CascadeProtocolException("request names no Cascade node");
            }
            if ((node & 1) != 0) {
                throw new CascadeProtocolException("request names a right child or a block");
            }
        }
        if (leaked + passes.length > maxLeak) {
            disclose(passes.length); // throws
        }
        // Repeats (in this request or an earlier one): mark, and undo the marks if one repeats.
        for (int i = 0; i < passes.length; i++) {
            long[] d = disclosed[passes[i]];
            int node = nodes[i];
            if ((d[node >>> 6] & (1L << node)) != 0) {
                for (int j = 0; j < i; j++) {
                    disclosed[passes[j]][nodes[j] >>> 6] &= ~(1L << nodes[j]);
                }
                throw new CascadeProtocolException("request names a node already disclosed");
            }
            d[node >>> 6] |= 1L << node;
        }
        disclose(passes.length);
        long[] out = new long[BitVector.wordsFor(passes.length)];
        for (int i = 0; i < passes.length; i++) {
            long span = layout.span(passes[i], nodes[i]);
            long parity = BitVector.rangeParity(bits[passes[i]], (int) (span >>> 32), (int) span);
            out[i >>> 6] |= parity << i;
        }
        replies++;
        return BitVector.wrap(out, passes.length);
    }

    private void disclose(int count) throws CascadeProtocolException {
        if (leaked + count > maxLeak) {
            throw new CascadeProtocolException(
                    CascadeProtocolException.Cause.LEAK_LIMIT,
                    "disclosing "
                            + count
                            + " more parities would exceed the leak limit "
                            + maxLeak);
        }
        leaked += count;
    }

    private int parity(int p, int node) {
        long span = layout.span(p, node);
        return BitVector.rangeParity(bits[p], (int) (span >>> 32), (int) span);
    }

    /** Parities disclosed so far. */
    public long leakedBits() {
        return leaked;
    }

    /** Parity requests answered so far. */
    public int replies() {
        return replies;
    }

    /** Zeroizes the reordered copies of the key. */
    public void destroy() {
        for (long[] b : bits) {
            java.util.Arrays.fill(b, 0L);
        }
    }
}
