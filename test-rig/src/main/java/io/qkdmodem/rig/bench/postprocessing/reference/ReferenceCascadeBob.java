package io.qkdmodem.rig.bench.postprocessing.reference;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.cascade.CascadeProtocolException;
import java.util.Arrays;

/**
 * Bob's side of Cascade: corrects his key towards Alice's by binary searches over tree nodes,
 * asking only for parities that cannot be deduced from parities already known.
 *
 * <p>Known parities are kept for every pass (sub-block reuse): after each correction every known
 * node containing the corrected bit, in every pass, changes its mismatch; the deepest odd one
 * restarts a search (the "cascade"). When the parity of a node and one child are known, the other
 * child's parity is deduced without asking. A search only asks for the left child; all searches of
 * a round go in one {@link #nextRequest()}. {@link #isDone()} holds when no known node has a parity
 * mismatch; an undetected residual error is left to verification.
 */
public final class ReferenceCascadeBob {
    /** How searches in different passes are scheduled. */
    public enum Scheduling {
        /** Only the lowest pass that has odd nodes searches in a round (fewest parities). */
        LOWEST_PASS_FIRST,
        /**
         * Passes open one after another, as in the original protocol: pass {@code i} starts when no
         * lower pass has an odd node; every open pass searches in every round.
         */
        OPEN_PASSES,
        /** Every pass searches in every round from the start (fewest round trips, most leak). */
        ALL_PASSES
    }

    private final ReferenceCascadeLayout layout;
    private final Scheduling scheduling;
    private final int passes;
    private final int n;
    private final long[][] bits;
    private final long[][] known;
    private final long[][] alice;
    private final long[][] odd;
    private final long[][] pending;
    private final int frames;

    /** queue[f * passes + p]: nodes of pass p in frame f that may be odd. */
    private final int[][] queue;

    private final int[] queueSize;
    private int[] qPass = new int[64];
    private int[] qNode = new int[64];
    private int qCount;
    private int[] wPass = new int[64];
    private int[] wNode = new int[64];
    private int wCount;
    private long leaked;
    private int requests;
    private int corrections;
    private final int[] frontier;
    private boolean started;
    private boolean done;

    public ReferenceCascadeBob(
            ReferenceCascadeLayout layout, BitVector bobKey, Scheduling scheduling) {
        if (bobKey.length() != layout.keyLength()) {
            throw new IllegalArgumentException("key length does not match the layout");
        }
        this.layout = layout;
        this.scheduling = scheduling;
        this.passes = layout.passes();
        this.n = layout.keyLength();
        bits = new long[passes][];
        known = new long[passes][];
        alice = new long[passes][];
        odd = new long[passes][];
        pending = new long[passes][];
        frames = layout.frames();
        queue = new int[frames * passes][];
        queueSize = new int[frames * passes];
        frontier = new int[frames];
        for (int p = 0; p < passes; p++) {
            bits[p] = layout.reorder(p, bobKey.words());
            int words = (layout.nodesInPass(p) + 63) >>> 6;
            known[p] = new long[words];
            alice[p] = new long[words];
            odd[p] = new long[words];
            pending[p] = new long[words];
        }
    }

    /**
     * Takes Alice's top-level parities (see {@link ReferenceCascadeAlice#topParities()}) and
     * returns the first request, or null when nothing needs searching.
     */
    public int[][] start(BitVector topParities) throws CascadeProtocolException {
        if (started) {
            throw new CascadeProtocolException("Cascade already started");
        }
        if (topParities.length() != ReferenceCascadeAlice.topParityCount(layout)) {
            throw new CascadeProtocolException("wrong number of top-level parities");
        }
        started = true;
        leaked += topParities.length();
        int o = 0;
        int total = 0;
        for (int b = 0; b < layout.blocks(0); b++) {
            int a = topParities.bit(o++);
            total ^= a;
            setKnown(0, layout.topNode(0, b), a);
        }
        for (int p = 1; p < passes; p++) {
            int acc = total;
            int last = layout.blocks(p) - 1;
            for (int b = 0; b < last; b++) {
                int a = topParities.bit(o++);
                acc ^= a;
                setKnown(p, layout.topNode(p, b), a);
            }
            setKnown(p, layout.topNode(p, last), acc);
        }
        for (int p = 0; p < passes; p++) {
            for (int b = 0; b < layout.blocks(p); b++) {
                int node = layout.topNode(p, b);
                if (isSet(odd[p], node)) {
                    push(p, node);
                }
            }
        }
        return nextRequest();
    }

    /** Takes Alice's answer to the last request; returns the next request or null when done. */
    public int[][] onReply(BitVector parities) throws CascadeProtocolException {
        if (!started || done || qCount == 0) {
            throw new CascadeProtocolException("no parity request is outstanding");
        }
        if (parities.length() != qCount) {
            throw new CascadeProtocolException(
                    "expected " + qCount + " parities, got " + parities.length());
        }
        leaked += qCount;
        for (int i = 0; i < qCount; i++) {
            clear(pending[qPass[i]], qNode[i]);
            setKnown(qPass[i], qNode[i], parities.bit(i));
        }
        qCount = 0;
        for (int i = 0; i < wCount; i++) {
            push(wPass[i], wNode[i]);
        }
        wCount = 0;
        return nextRequest();
    }

    private int[][] nextRequest() {
        while (true) {
            for (int f = 0; f < frames; f++) {
                int q = f * passes;
                if (scheduling == Scheduling.ALL_PASSES) {
                    for (int p = 0; p < passes; p++) {
                        drain(q + p, p);
                    }
                } else if (scheduling == Scheduling.OPEN_PASSES) {
                    int lowest = 0;
                    while (lowest < passes && queueSize[q + lowest] == 0) {
                        lowest++;
                    }
                    if (lowest > frontier[f] && lowest < passes) {
                        frontier[f] = lowest;
                    }
                    for (int p = 0; p <= frontier[f] && p < passes; p++) {
                        drain(q + p, p);
                    }
                } else {
                    int p = 0;
                    while (p < passes && queueSize[q + p] == 0) {
                        p++;
                    }
                    if (p < passes) {
                        drain(q + p, p);
                    }
                }
            }
            if (qCount > 0) {
                requests++;
                return new int[][] {Arrays.copyOf(qPass, qCount), Arrays.copyOf(qNode, qCount)};
            }
            boolean any = false;
            for (int i = 0; i < queueSize.length && !any; i++) {
                any = queueSize[i] > 0;
            }
            if (!any && !rescan()) {
                done = true;
                return null;
            }
        }
    }

    /** Pushes every odd known node; true if there was one. */
    private boolean rescan() {
        boolean found = false;
        for (int p = 0; p < passes; p++) {
            long[] o = odd[p];
            for (int w = 0; w < o.length; w++) {
                long word = o[w];
                while (word != 0) {
                    int node = (w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    push(p, node);
                    found = true;
                }
            }
        }
        return found;
    }

    private void drain(int q, int p) {
        while (queueSize[q] > 0) {
            int node = queue[q][--queueSize[q]];
            resolve(p, node);
        }
    }

    private void resolve(int p, int node) {
        int lk = layout.logBlockSize(p);
        int mask = (2 << lk) - 1;
        while (true) {
            if (!isSet(odd[p], node)) {
                return; // stale: even now (or never known)
            }
            int h = node & mask;
            if (h >= (1 << lk)) {
                correct(layout.keyPosition(p, layout.start(p, node)));
                return;
            }
            int left = node + h;
            int right = left + 1;
            if (layout.start(p, right) >= n) {
                if (!isSet(known[p], left)) {
                    setKnown(p, left, bit(alice[p], node));
                }
                node = left;
                continue;
            }
            if (isSet(known[p], left)) {
                if (isSet(odd[p], left)) {
                    node = left;
                } else {
                    if (!isSet(known[p], right)) {
                        setKnown(p, right, bit(alice[p], node) ^ bit(alice[p], left));
                    }
                    node = right;
                }
                continue;
            }
            if (isSet(known[p], right)) {
                if (isSet(odd[p], right)) {
                    node = right;
                } else {
                    setKnown(p, left, bit(alice[p], node) ^ bit(alice[p], right));
                    node = left;
                }
                continue;
            }
            if (!isSet(pending[p], left)) {
                set(pending[p], left);
                addQuery(p, left);
            }
            addWaiting(p, node);
            return;
        }
    }

    private void correct(int x) {
        corrections++;
        for (int p = 0; p < passes; p++) {
            int i = layout.passIndex(p, x);
            bits[p][i >>> 6] ^= 1L << i;
            int lk = layout.logBlockSize(p);
            int block = i >>> lk;
            int base = block << (lk + 1);
            int off = i - (block << lk);
            int deepest = -1;
            long[] kn = known[p];
            long[] od = odd[p];
            for (int d = 0; d <= lk; d++) {
                int node = base + (1 << d) + (off >>> (lk - d));
                if (isSet(kn, node)) {
                    od[node >>> 6] ^= 1L << node;
                    if (isSet(od, node)) {
                        deepest = node;
                    }
                }
            }
            if (deepest >= 0) {
                push(p, deepest);
            }
        }
    }

    private void setKnown(int p, int node, int aliceParity) {
        set(known[p], node);
        if (aliceParity != 0) {
            set(alice[p], node);
        }
        int bob = BitVector.rangeParity(bits[p], layout.start(p, node), layout.end(p, node));
        if ((bob ^ aliceParity) != 0) {
            set(odd[p], node);
        } else {
            clear(odd[p], node);
        }
    }

    private void push(int p, int node) {
        int q = layout.frameOf(layout.start(p, node)) * passes + p;
        if (queue[q] == null) {
            queue[q] = new int[8];
        } else if (queueSize[q] == queue[q].length) {
            queue[q] = Arrays.copyOf(queue[q], queue[q].length * 2);
        }
        queue[q][queueSize[q]++] = node;
    }

    private void addQuery(int p, int node) {
        if (qCount == qPass.length) {
            qPass = Arrays.copyOf(qPass, qCount * 2);
            qNode = Arrays.copyOf(qNode, qCount * 2);
        }
        qPass[qCount] = p;
        qNode[qCount++] = node;
    }

    private void addWaiting(int p, int node) {
        if (wCount == wPass.length) {
            wPass = Arrays.copyOf(wPass, wCount * 2);
            wNode = Arrays.copyOf(wNode, wCount * 2);
        }
        wPass[wCount] = p;
        wNode[wCount++] = node;
    }

    private static boolean isSet(long[] a, int i) {
        return ((a[i >>> 6] >>> i) & 1L) != 0;
    }

    private static int bit(long[] a, int i) {
        return (int) ((a[i >>> 6] >>> i) & 1L);
    }

    private static void set(long[] a, int i) {
        a[i >>> 6] |= 1L << i;
    }

    private static void clear(long[] a, int i) {
        a[i >>> 6] &= ~(1L << i);
    }

    public boolean isDone() {
        return done;
    }

    /** Parities Alice disclosed so far (top-level and answers). */
    public long leakedBits() {
        return leaked;
    }

    /** Parity requests sent so far (each is one round trip). */
    public int requests() {
        return requests;
    }

    /** Bits flipped so far. */
    public int corrections() {
        return corrections;
    }

    /** Bob's key as corrected so far (a copy). */
    public BitVector correctedKey() {
        return BitVector.wrap(bits[0].clone(), n);
    }

    /** Zeroizes every copy of Bob's key. */
    public void destroy() {
        for (long[] b : bits) {
            Arrays.fill(b, 0L);
        }
    }
}
