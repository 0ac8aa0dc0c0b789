package io.qkdmodem.agent.postprocessing.cascade;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
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
 *
 * <p>Hard bounds, whatever Alice's messages say (they travel unauthenticated until the transcript
 * is signed): a reply must have exactly one parity per node asked; Bob never asks for a node he
 * knows, so each node is disclosed at most once and every round discloses at least one new parity;
 * the total leak never exceeds {@code maxLeak} (a {@link CascadeProtocolException.Cause#LEAK_LIMIT}
 * otherwise); a binary search descends at most {@code log2 K_p} levels; and each key bit is
 * corrected at most once. With parities of one real key every correction fixes a real error, so a
 * second correction of the same bit proves that Alice's parities contradict each other (a tampered
 * message, or parities of another key): {@link
 * CascadeProtocolException.Cause#INCONSISTENT_PARITIES}. Hence at most {@code n} corrections and
 * {@code maxLeak} rounds, and between two rounds at most {@code n} searches end; the work of one
 * session is bounded by the key length, never by the input. After a fatal exception Bob has ended:
 * every later call throws.
 */
public final class CascadeBob {
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

    private final CascadeLayout layout;
    private final Scheduling scheduling;
    private final int passes;
    private final int n;
    private final long[][] bits;

    /**
     * Node state of pass p, four words per 64 nodes (one cache line holds all four bits of a node):
     * word {@code 4 (node / 64) + KNOWN} has the node's known bit, {@code + ODD} whether Bob's
     * parity differs from Alice's, {@code + ALICE} Alice's parity, {@code + PENDING} whether it is
     * in the outstanding request.
     */
    private final long[][] st;

    private static final int KNOWN = 0;
    private static final int ODD = 1;
    private static final int ALICE = 2;
    private static final int PENDING = 3;
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
    private int rescans;
    private final int[] frontier;
    private boolean started;
    private boolean done;
    private boolean failed;
    private final long maxLeak;

    /** Key positions corrected so far (each may be corrected once). */
    private final long[] correctedPositions;

    /** Bob without a leak limit of his own (every node can be disclosed at most once anyway). */
    public CascadeBob(CascadeLayout layout, BitVector bobKey, Scheduling scheduling) {
        this(layout, bobKey, scheduling, Long.MAX_VALUE);
    }

    /**
     * Bob who ends with {@link CascadeProtocolException.Cause#LEAK_LIMIT} rather than ask for
     * parities beyond {@code maxLeak} disclosed in all.
     */
    public CascadeBob(CascadeLayout layout, BitVector bobKey, Scheduling scheduling, long maxLeak) {
        if (bobKey.length() != layout.keyLength()) {
            throw new IllegalArgumentException("key length does not match the layout");
        }
        this.layout = layout;
        this.scheduling = scheduling;
        this.passes = layout.passes();
        this.n = layout.keyLength();
        this.maxLeak = maxLeak;
        correctedPositions = new long[(n + 63) >>> 6];
        bits = new long[passes][];
        st = new long[passes][];
        frames = layout.frames();
        queue = new int[frames * passes][];
        queueSize = new int[frames * passes];
        frontier = new int[frames];
        for (int p = 0; p < passes; p++) {
            bits[p] = layout.reorder(p, bobKey.words());
            st[p] = new long[((layout.nodesInPass(p) + 63) >>> 6) << 2];
        }
    }

    /**
     * Takes Alice's top-level parities (see {@link CascadeAlice#topParities()}) and returns the
     * first request, or null when nothing needs searching.
     */
    public int[][] start(BitVector topParities) throws CascadeProtocolException {
        ensureAlive();
        if (started) {
            throw new CascadeProtocolException("Cascade already started");
        }
        if (topParities.length() != CascadeAlice.topParityCount(layout)) {
            throw new CascadeProtocolException("wrong number of top-level parities");
        }
        if (topParities.length() > maxLeak) {
            failed = true;
            throw new CascadeProtocolException(
                    CascadeProtocolException.Cause.LEAK_LIMIT,
                    "top-level parities alone exceed the leak limit " + maxLeak);
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
                if (has(st[p], node, ODD)) {
                    push(p, node);
                }
            }
        }
        return guarded();
    }

    /** Takes Alice's answer to the last request; returns the next request or null when done. */
    public int[][] onReply(BitVector parities) throws CascadeProtocolException {
        ensureAlive();
        if (!started || done || qCount == 0) {
            throw new CascadeProtocolException("no parity request is outstanding");
        }
        if (parities.length() != qCount) {
            throw new CascadeProtocolException(
                    "expected " + qCount + " parities, got " + parities.length());
        }
        leaked += qCount;
        for (int i = 0; i < qCount; i++) {
            clear(st[qPass[i]], qNode[i], PENDING);
            setKnown(qPass[i], qNode[i], parities.bit(i));
        }
        qCount = 0;
        for (int i = 0; i < wCount; i++) {
            push(wPass[i], wNode[i]);
        }
        wCount = 0;
        return guarded();
    }

    private void ensureAlive() throws CascadeProtocolException {
        if (failed) {
            throw new CascadeProtocolException(
                    CascadeProtocolException.Cause.BOUND_EXCEEDED, "Cascade has already failed");
        }
    }

    /** {@link #nextRequest()}, ending Bob on any exception. */
    private int[][] guarded() throws CascadeProtocolException {
        try {
            return nextRequest();
        } catch (CascadeProtocolException | RuntimeException e) {
            failed = true;
            qCount = 0;
            wCount = 0;
            Arrays.fill(queueSize, 0);
            throw e;
        }
    }

    private int[][] nextRequest() throws CascadeProtocolException {
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
                if (leaked + qCount > maxLeak) {
                    throw new CascadeProtocolException(
                            CascadeProtocolException.Cause.LEAK_LIMIT,
                            "asking "
                                    + qCount
                                    + " more parities would exceed the leak limit "
                                    + maxLeak);
                }
                requests++;
                return new int[][] {Arrays.copyOf(qPass, qCount), Arrays.copyOf(qNode, qCount)};
            }
            boolean any = false;
            for (int i = 0; i < queueSize.length && !any; i++) {
                any = queueSize[i] > 0;
            }
            if (!any) {
                if (!rescan()) {
                    done = true;
                    return null;
                }
                // The queues hold every odd node a search must start from; an odd node outside
                // them (a parity that arrived for a node whose parent a correction made even) is
                // rare and needs a reply to appear: at most one full rescan per round.
                if (++rescans > requests + 1) {
                    throw new CascadeProtocolException(
                            CascadeProtocolException.Cause.BOUND_EXCEEDED,
                            "more rescans than parity rounds");
                }
            }
        }
    }

    /** Pushes every odd known node; true if there was one. */
    private boolean rescan() {
        boolean found = false;
        for (int p = 0; p < passes; p++) {
            long[] o = st[p];
            for (int w = 0; w < o.length >>> 2; w++) {
                long word = o[(w << 2) + ODD];
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

    private void drain(int q, int p) throws CascadeProtocolException {
        while (queueSize[q] > 0) {
            int node = queue[q][--queueSize[q]];
            resolve(p, node);
        }
    }

    private void resolve(int p, int node) throws CascadeProtocolException {
        int lk = layout.logBlockSize(p);
        int mask = (2 << lk) - 1;
        long[] t = st[p];
        long span = layout.span(p, node);
        int s = (int) (span >>> 32);
        int e = (int) span;
        // Each step goes one level down: a search never takes more than lk + 1 steps.
        for (int step = 0; ; step++) {
            if (step > lk) {
                throw new CascadeProtocolException(
                        CascadeProtocolException.Cause.BOUND_EXCEEDED,
                        "binary search deeper than the block");
            }
            int w = (node >>> 6) << 2;
            if (((t[w + ODD] >>> node) & 1L) == 0) {
                return; // stale: even now (or never known)
            }
            if (e - s == 1) {
                correct(layout.keyPosition(p, s));
                return;
            }
            int al = (int) (t[w + ALICE] >>> node) & 1;
            int h = node & mask;
            int left = node + h;
            int right = left + 1;
            // nominal half of the node: K_p >> (depth + 1)
            int mid = s + (1 << (lk - 32 + Integer.numberOfLeadingZeros(h)));
            if (mid >= e) {
                // the right child is empty (short block): the left child is the whole node
                if (!has(t, left, KNOWN)) {
                    setDeduced(t, left, al);
                }
                node = left;
                continue;
            }
            // left and right share a word (left is even)
            int lw = (left >>> 6) << 2;
            long known = t[lw + KNOWN];
            long odd = t[lw + ODD];
            if (((known >>> left) & 1L) != 0) {
                if (((odd >>> left) & 1L) != 0) {
                    node = left;
                    e = mid;
                } else {
                    if (((known >>> right) & 1L) == 0) {
                        setDeduced(t, right, al ^ ((int) (t[lw + ALICE] >>> left) & 1));
                    }
                    node = right;
                    s = mid;
                }
                continue;
            }
            if (((known >>> right) & 1L) != 0) {
                if (((odd >>> right) & 1L) != 0) {
                    node = right;
                    s = mid;
                } else {
                    setDeduced(t, left, al ^ ((int) (t[lw + ALICE] >>> right) & 1));
                    node = left;
                    e = mid;
                }
                continue;
            }
            if (((t[lw + PENDING] >>> left) & 1L) == 0) {
                t[lw + PENDING] |= 1L << left;
                addQuery(p, left);
            }
            addWaiting(p, node);
            return;
        }
    }

    private void correct(int x) throws CascadeProtocolException {
        long mark = 1L << x;
        if ((correctedPositions[x >>> 6] & mark) != 0) {
            // With parities of one real key, a leaf is odd only where Bob's bit is wrong, and a
            // corrected bit is right: it can never be reached again.
            throw new CascadeProtocolException(
                    CascadeProtocolException.Cause.INCONSISTENT_PARITIES,
                    "Alice's parities contradict each other (a bit would be corrected twice)");
        }
        correctedPositions[x >>> 6] |= mark;
        corrections++;
        for (int p = 0; p < passes; p++) {
            int i = layout.passIndex(p, x);
            bits[p][i >>> 6] ^= 1L << i;
            int lk = layout.logBlockSize(p);
            int block = layout.blockOf(p, i);
            int base = block << (lk + 1);
            int off = i - layout.blockStart(p, block);
            int deepest = -1;
            long[] t = st[p];
            // Known nodes are closed upwards (a node becomes known only below a known parent), so
            // the known part of the path ends at its first unknown node.
            for (int d = 0; d <= lk; d++) {
                int node = base + (1 << d) + (off >>> (lk - d));
                int w = (node >>> 6) << 2;
                if (((t[w + KNOWN] >>> node) & 1L) == 0) {
                    break;
                }
                long odd = t[w + ODD] ^ (1L << node);
                t[w + ODD] = odd;
                if (((odd >>> node) & 1L) != 0) {
                    deepest = node;
                }
            }
            if (deepest >= 0) {
                push(p, deepest);
            }
        }
    }

    private void setKnown(int p, int node, int aliceParity) {
        long[] t = st[p];
        int w = (node >>> 6) << 2;
        long bit = 1L << node;
        t[w + KNOWN] |= bit;
        if (aliceParity != 0) {
            t[w + ALICE] |= bit;
        }
        long span = layout.span(p, node);
        int bob = BitVector.rangeParity(bits[p], (int) (span >>> 32), (int) span);
        if ((bob ^ aliceParity) != 0) {
            t[w + ODD] |= bit;
        } else {
            t[w + ODD] &= ~bit;
        }
    }

    /**
     * Marks a child whose parity follows from known ones without asking Alice. {@link #resolve}
     * deduces only below an odd node: the only child of a node (same range), or the child whose
     * sibling is known and even. Bob's own parities obey the same relation as Alice's, so the child
     * is odd, and none of Bob's bits need to be read.
     */
    private static void setDeduced(long[] t, int child, int aliceParity) {
        int w = (child >>> 6) << 2;
        long bit = 1L << child;
        t[w + KNOWN] |= bit;
        if (aliceParity != 0) {
            t[w + ALICE] |= bit;
        }
        t[w + ODD] |= bit;
    }

    private void push(int p, int node) {
        int q = frames == 1 ? p : layout.frameOf(layout.start(p, node)) * passes + p;
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

    private static boolean has(long[] t, int node, int field) {
        return ((t[((node >>> 6) << 2) + field] >>> node) & 1L) != 0;
    }

    private static void clear(long[] t, int node, int field) {
        t[((node >>> 6) << 2) + field] &= ~(1L << node);
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

    /** Rescans of all node states that found an odd node nothing was searching. */
    int rescans() {
        return rescans;
    }

    /** Bits flipped so far. */
    public int corrections() {
        return corrections;
    }

    /** Bob's key as corrected so far (a copy). */
    public BitVector correctedKey() {
        return BitVector.wrap(bits[0].clone(), n);
    }

    /** Whether Bob has ended on a fatal {@link CascadeProtocolException}. */
    public boolean hasFailed() {
        return failed;
    }

    /** Zeroizes every copy of Bob's key (and the record of corrected positions). */
    public void destroy() {
        for (long[] b : bits) {
            Arrays.fill(b, 0L);
        }
        Arrays.fill(correctedPositions, 0L);
    }
}
