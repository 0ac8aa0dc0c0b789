package io.qkdmodem.agent.qtls.keysource;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two {@link SiftedKeySource}s that share sifted bits as two paired modems would: Alice's side
 * reserves a block of fresh random bits, Bob's side fetches the same block with each bit flipped
 * with probability {@code bitErrorRate}. Seeded, so runs are reproducible; references are {@code
 * mem-1}, {@code mem-2}, ... in reservation order. A capacity in bits makes the pool run dry. For
 * tests and simulations only: the randomness is not cryptographic and reproducible from the seed,
 * so the key is NOT SECRET; both sides report {@link SiftedKeySource#isSimulated()}, say so in
 * their status and toString, and construction logs a WARN. The agent's CLI never uses it.
 */
public final class InMemorySiftedKeySources {
    private static final Logger LOG = LoggerFactory.getLogger(InMemorySiftedKeySources.class);
    private final SplittableRandom random;
    private final Map<KeyReference, byte[][]> blocks = new HashMap<>();
    private final Set<KeyReference> consumed = new HashSet<>();
    private final Set<KeyReference> released = new HashSet<>();
    private volatile double bitErrorRate;
    private long capacityBits;
    private long reservedBits;
    private long replenishedAlice;
    private long replenishedBob;
    private int counter;
    private final SiftedKeySource alice = new Side(true);
    private final SiftedKeySource bob = new Side(false);

    public InMemorySiftedKeySources(long seed, double bitErrorRate, long capacityBits) {
        this.random = new SplittableRandom(seed);
        this.bitErrorRate = bitErrorRate;
        this.capacityBits = capacityBits;
        LOG.warn(
                "in-memory SIMULATED key sources (seeded, non-cryptographic): sifted key is NOT"
                        + " SECRET; for tests and simulations only");
    }

    /** A pair with practically unlimited key. */
    public InMemorySiftedKeySources(long seed, double bitErrorRate) {
        this(seed, bitErrorRate, Long.MAX_VALUE);
    }

    /** The server's source (beside Alice's modem). */
    public SiftedKeySource alice() {
        return alice;
    }

    /** The client's source (beside Bob's modem). */
    public SiftedKeySource bob() {
        return bob;
    }

    /** Changes the error rate of blocks reserved from now on (an eavesdropper arriving). */
    public void setBitErrorRate(double bitErrorRate) {
        this.bitErrorRate = bitErrorRate;
    }

    public synchronized boolean isConsumed(KeyReference ref) {
        return consumed.contains(ref);
    }

    public synchronized long replenishedBytes(boolean aliceSide) {
        return aliceSide ? replenishedAlice : replenishedBob;
    }

    /** Flips bit {@code index} of Bob's copy of an already reserved block (for tests). */
    public synchronized void flipBobBit(KeyReference ref, int index) {
        byte[] b = blocks.get(ref)[1];
        b[index / 8] ^= (byte) (0x80 >>> (index % 8));
    }

    private synchronized SiftedKey doReserve(int bits) throws KeySourceException {
        if (bits <= 0) {
            throw new IllegalArgumentException("bits must be positive");
        }
        if (capacityBits - reservedBits < bits) {
            throw new KeySourceException(
                    KeySourceException.Reason.INSUFFICIENT_KEY,
                    "need " + bits + " sifted bits, " + (capacityBits - reservedBits) + " left");
        }
        reservedBits += bits;
        byte[] a = new byte[(bits + 7) / 8];
        long s = random.nextLong();
        new Random(s).nextBytes(a);
        if (bits % 8 != 0) {
            a[a.length - 1] &= (byte) (0xFF << (8 - bits % 8));
        }
        byte[] b = a.clone();
        for (int i = 0; i < bits; i++) {
            if (random.nextDouble() < bitErrorRate) {
                b[i / 8] ^= (byte) (0x80 >>> (i % 8));
            }
        }
        KeyReference ref =
                new KeyReference(("mem-" + (++counter)).getBytes(StandardCharsets.US_ASCII));
        blocks.put(
                ref,
                new byte[][] {
                    a,
                    b,
                    {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits}
                });
        return new SiftedKey(ref, bits, a.clone());
    }

    private synchronized SiftedKey doFetch(KeyReference ref) throws KeySourceException {
        if (consumed.contains(ref)) {
            throw new KeySourceException(
                    KeySourceException.Reason.ALREADY_CONSUMED, ref + " already consumed");
        }
        byte[][] block = blocks.get(ref);
        if (block == null) {
            throw new KeySourceException(KeySourceException.Reason.UNKNOWN_REFERENCE, "no " + ref);
        }
        byte[] n = block[2];
        int bits =
                ((n[0] & 0xFF) << 24)
                        | ((n[1] & 0xFF) << 16)
                        | ((n[2] & 0xFF) << 8)
                        | (n[3] & 0xFF);
        return new SiftedKey(ref, bits, block[1].clone());
    }

    private synchronized void doConsume(KeyReference ref) throws KeySourceException {
        byte[][] block = blocks.get(ref);
        if (block == null && !consumed.contains(ref) && !released.contains(ref)) {
            throw new KeySourceException(KeySourceException.Reason.UNKNOWN_REFERENCE, "no " + ref);
        }
        consumed.add(ref);
        // Each side's modem zeroizes its own copy; the simulation keeps the block until both have.
    }

    private synchronized void doRelease(KeyReference ref) {
        byte[][] block = blocks.remove(ref);
        released.add(ref);
        if (block != null) {
            Arrays.fill(block[0], (byte) 0);
            Arrays.fill(block[1], (byte) 0);
        }
    }

    private final class Side implements SiftedKeySource {
        private final boolean isAlice;

        Side(boolean isAlice) {
            this.isAlice = isAlice;
        }

        @Override
        public boolean isSimulated() {
            return true;
        }

        @Override
        public SiftedKey reserve(int bits) throws KeySourceException {
            if (!isAlice) {
                throw new KeySourceException(
                        KeySourceException.Reason.UNAVAILABLE, "only Alice's side reserves");
            }
            return doReserve(bits);
        }

        @Override
        public SiftedKey fetch(KeyReference reference, int bits) throws KeySourceException {
            SiftedKey k = doFetch(reference);
            if (k.bitLength() != bits) {
                k.destroy();
                throw new KeySourceException(
                        KeySourceException.Reason.UNKNOWN_REFERENCE,
                        reference + " holds " + k.bitLength() + " bits, not " + bits);
            }
            return k;
        }

        @Override
        public void consume(KeyReference reference) throws KeySourceException {
            doConsume(reference);
        }

        @Override
        public void release(KeyReference reference) {
            doRelease(reference);
        }

        @Override
        public void replenish(QtlsSecret key) {
            synchronized (InMemorySiftedKeySources.this) {
                if (isAlice) {
                    replenishedAlice += key.length();
                } else {
                    replenishedBob += key.length();
                }
            }
        }

        @Override
        public Status status() {
            synchronized (InMemorySiftedKeySources.this) {
                long left =
                        capacityBits == Long.MAX_VALUE
                                ? Long.MAX_VALUE
                                : capacityBits - reservedBits;
                return new Status(
                        isAlice
                                ? "in-memory alice (simulated, NOT SECRET)"
                                : "in-memory bob (simulated, NOT SECRET)",
                        left,
                        reservedBits,
                        isAlice ? replenishedAlice : replenishedBob);
            }
        }

        @Override
        public String toString() {
            return isAlice
                    ? "InMemorySiftedKeySource[alice, simulated, NOT SECRET]"
                    : "InMemorySiftedKeySource[bob, simulated, NOT SECRET]";
        }
    }
}
