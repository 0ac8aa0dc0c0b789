package io.qkdmodem.keystore.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.keystore.Fixtures;
import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded random workload of appends, reserves, reads, consumes and collections against a model of
 * what the store has acknowledged, and the invariant check after a remount.
 */
final class Workload {
    enum Kind {
        APPEND,
        RESERVE,
        CONSUME,
        COUNTER,
        OTHER
    }

    /** The monotonic counter the workload advances (as the firmware does with its pool version). */
    static final int COUNTER_ID = 1;

    /** The operation that was running when power was cut. */
    record Pending(Kind kind, long blockId, int bits, String requestId, long ref) {}

    /** What the store acknowledged. */
    static final class Model {
        final TreeMap<Long, Integer> blocks = new TreeMap<>();
        final TreeMap<Long, Reservation> reserved = new TreeMap<>();
        final TreeMap<Long, Reservation> consumed = new TreeMap<>();
        final Set<Long> seenRefs = new HashSet<>();
        long nextBlockId = 1;
        int nextRequest;
        long counter;
        Pending pending;
    }

    private final int maxAppendBits;

    Workload(int maxAppendBits) {
        this.maxAppendBits = maxAppendBits;
    }

    /**
     * Runs {@code steps} operations; returns false if power was lost (model.pending says where).
     */
    boolean run(FlashKeyStore s, Model model, SplittableRandom rnd, int steps) {
        for (int i = 0; i < steps; i++) {
            try {
                step(s, model, rnd);
                model.pending = null;
            } catch (KeyStoreException e) {
                if (e.reason() == Reason.POWER_LOST) {
                    return false;
                }
                throw e;
            }
        }
        return true;
    }

    private void step(FlashKeyStore s, Model model, SplittableRandom rnd) {
        int dice = rnd.nextInt(100);
        if (dice < 28) {
            long id = model.nextBlockId++;
            int bits = 64 + rnd.nextInt(maxAppendBits - 64);
            model.pending = new Pending(Kind.APPEND, id, bits, null, 0);
            try {
                s.append(Fixtures.block(id, bits));
                model.blocks.put(id, bits);
            } catch (KeyStoreException e) {
                expect(e, Reason.STORE_FULL);
            }
        } else if (dice < 58) {
            String rid = "req-" + model.nextRequest++;
            int bits = 1 + rnd.nextInt(1500);
            model.pending = new Pending(Kind.RESERVE, 0, bits, rid, 0);
            try {
                Reservation r = s.reserve(RequestId.of(rid), bits);
                assertThat(model.seenRefs.add(r.reference().value()))
                        .as("fresh reference")
                        .isTrue();
                model.reserved.put(r.reference().value(), r);
            } catch (KeyStoreException e) {
                expect(e, Reason.INSUFFICIENT_KEY, Reason.STORE_FULL);
            }
        } else if (dice < 80) {
            if (model.reserved.isEmpty()) {
                return;
            }
            Reservation r = pick(model.reserved, rnd);
            model.pending = new Pending(Kind.CONSUME, 0, 0, null, r.reference().value());
            try {
                s.consume(r.reference());
                model.reserved.remove(r.reference().value());
                model.consumed.put(r.reference().value(), r);
            } catch (KeyStoreException e) {
                expect(e, Reason.STORE_FULL);
            }
        } else if (dice < 90) {
            if (!model.reserved.isEmpty()) {
                checkBits(s, model, pick(model.reserved, rnd));
            }
        } else if (dice < 95) {
            if (!model.reserved.isEmpty()) {
                Reservation r = pick(model.reserved, rnd);
                model.pending = new Pending(Kind.OTHER, 0, 0, null, 0);
                assertThat(s.reserve(r.requestId(), r.range().bitLength())).isEqualTo(r);
            }
        } else {
            model.pending = new Pending(Kind.COUNTER, 0, 0, null, model.counter + 1);
            try {
                s.advanceCounter(COUNTER_ID, model.counter + 1);
                model.counter++;
            } catch (KeyStoreException e) {
                expect(e, Reason.STORE_FULL);
            }
            model.pending = new Pending(Kind.OTHER, 0, 0, null, 0);
            s.collectGarbage();
        }
    }

    private static void expect(KeyStoreException e, Reason... allowed) {
        for (Reason r : allowed) {
            if (e.reason() == r) {
                return;
            }
        }
        throw e;
    }

    private static Reservation pick(TreeMap<Long, Reservation> map, SplittableRandom rnd) {
        List<Reservation> list = new ArrayList<>(map.values());
        return list.get(rnd.nextInt(list.size()));
    }

    static void checkBits(FlashKeyStore s, Model model, Reservation r) {
        int blockBits = model.blocks.get(r.range().blockId());
        try (KeyMaterial m = s.read(r.reference())) {
            assertThat(m.toByteArray())
                    .as("bits of %s", r.reference())
                    .isEqualTo(
                            Fixtures.expected(
                                    r.range().blockId(),
                                    blockBits,
                                    r.range().bitOffset(),
                                    r.range().bitLength()));
        }
    }

    /**
     * Checks the remounted store against the model and folds the pending operation into the model
     * according to what the store shows (it may or may not have happened, but wholly).
     */
    static void verifyAndSettle(FlashKeyStore s, Model model) {
        Pending p = model.pending;
        model.pending = null;
        if (p != null) {
            switch (p.kind()) {
                case APPEND -> {
                    Optional<KeyBlockInfo> info = s.blockInfo(p.blockId());
                    if (info.isPresent()) {
                        assertThat(info.get().totalBits()).isEqualTo(p.bits());
                        assertThat(info.get().counts()).isEqualTo(Fixtures.counts(p.blockId()));
                        assertThat(info.get().availableBits()).isEqualTo(p.bits());
                        model.blocks.put(p.blockId(), p.bits());
                    }
                }
                case RESERVE -> {
                    Optional<Reservation> r = s.findReservation(RequestId.of(p.requestId()));
                    if (r.isPresent()) {
                        assertThat(r.get().range().bitLength()).isEqualTo(p.bits());
                        assertThat(r.get().state()).isEqualTo(Reservation.State.RESERVED);
                        assertThat(model.seenRefs.add(r.get().reference().value()))
                                .as("fresh reference")
                                .isTrue();
                        model.reserved.put(r.get().reference().value(), r.get());
                    }
                }
                case CONSUME -> {
                    Reservation r =
                            s.reservation(new io.qkdmodem.keystore.Reference(p.ref()))
                                    .orElseThrow();
                    if (r.state() == Reservation.State.CONSUMED) {
                        model.consumed.put(p.ref(), model.reserved.remove(p.ref()));
                    }
                }
                case COUNTER -> {
                    // done wholly or not at all
                    assertThat(s.counter(COUNTER_ID)).isIn(p.ref() - 1, p.ref());
                    model.counter = s.counter(COUNTER_ID);
                }
                case OTHER -> {}
            }
        }
        // An acknowledged counter value is never lost, and a counter never goes back.
        assertThat(s.counter(COUNTER_ID)).as("counter").isEqualTo(model.counter);
        // Every acknowledged reservation is there, intact.
        Map<Long, List<int[]>> taken = new TreeMap<>();
        for (Reservation r : model.reserved.values()) {
            assertThat(s.reservation(r.reference()))
                    .as("reservation %s", r.reference())
                    .contains(r);
            assertThat(s.findReservation(r.requestId())).contains(r);
            checkBits(s, model, r);
            taken.computeIfAbsent(r.range().blockId(), k -> new ArrayList<>())
                    .add(new int[] {r.range().bitOffset(), r.range().endBit()});
        }
        // Nothing consumed comes back.
        for (Reservation r : model.consumed.values()) {
            s.reservation(r.reference())
                    .ifPresent(
                            x ->
                                    assertThat(x.state())
                                            .as("consumed %s", r.reference())
                                            .isEqualTo(Reservation.State.CONSUMED));
            try {
                s.read(r.reference()).destroy();
                throw new AssertionError("consumed " + r.reference() + " was readable");
            } catch (KeyStoreException e) {
                assertThat(e.reason()).isIn(Reason.ALREADY_CONSUMED, Reason.UNKNOWN_REFERENCE);
            }
            taken.computeIfAbsent(r.range().blockId(), k -> new ArrayList<>())
                    .add(new int[] {r.range().bitOffset(), r.range().endBit()});
        }
        // ... and no copy of a consumed segment still authenticates anywhere on the flash.
        Map<Long, java.util.BitSet> onFlash = s.authenticSegmentsOnFlash();
        int segBits = s.segmentBits();
        for (Reservation r : model.consumed.values()) {
            java.util.BitSet there =
                    onFlash.getOrDefault(r.range().blockId(), new java.util.BitSet());
            int from = r.range().bitOffset() / segBits;
            int to = (r.range().endBit() + segBits - 1) / segBits;
            assertThat(there.get(from, to).isEmpty())
                    .as("consumed %s zeroized on the flash", r.reference())
                    .isTrue();
        }
        // Every acknowledged block is there with exactly its unreserved bits available.
        int seg = s.segmentBits();
        for (Map.Entry<Long, Integer> b : model.blocks.entrySet()) {
            int bits = b.getValue();
            int segs = (bits + seg - 1) / seg;
            boolean[] used = new boolean[segs];
            for (int[] range : taken.getOrDefault(b.getKey(), List.of())) {
                for (int a = range[0] / seg; a < (range[1] + seg - 1) / seg; a++) {
                    used[a] = true;
                }
            }
            long available = 0;
            boolean allUsed = true;
            for (int a = 0; a < segs; a++) {
                if (!used[a]) {
                    available += Math.min(seg, bits - a * seg);
                    allUsed = false;
                }
            }
            Optional<KeyBlockInfo> info = s.blockInfo(b.getKey());
            if (allUsed && info.isEmpty()) {
                continue;
            }
            assertThat(info).as("block %d", b.getKey()).isPresent();
            assertThat(info.get().counts()).isEqualTo(Fixtures.counts(b.getKey()));
            assertThat(info.get().availableBits())
                    .as("available bits of block %d", b.getKey())
                    .isEqualTo(available);
        }
        long reservedBits = 0;
        for (Reservation r : model.reserved.values()) {
            int bits = model.blocks.get(r.range().blockId());
            int from = r.range().bitOffset() / seg;
            int to = (r.range().endBit() + seg - 1) / seg;
            for (int a = from; a < to; a++) {
                reservedBits += Math.min(seg, bits - a * seg);
            }
        }
        assertThat(s.stats().reservedBits()).isEqualTo(reservedBits);
    }
}
