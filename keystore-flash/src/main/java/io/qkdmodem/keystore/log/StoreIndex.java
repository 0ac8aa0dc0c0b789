package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
import io.qkdmodem.keystore.Reference;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import io.qkdmodem.keystore.log.Index.KeyEntry;
import io.qkdmodem.keystore.log.Index.Rec;
import io.qkdmodem.keystore.log.Index.Res;
import io.qkdmodem.keystore.log.Index.SegCopy;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reservation index of a {@link FlashKeyStore}: which key blocks the log holds and which of
 * their segments are present and reserved, the reservations by reference and by request id, the
 * consumed ones in consume order (for the retention the collector honours), and the erase intents.
 * Rebuilt at mount by applying every committed record in seq order ({@link #apply}); kept up to
 * date by the store's writes. Holds no key bits. Runs under the store's lock.
 */
final class StoreIndex {
    private final int segmentBits;

    final TreeMap<Long, KeyEntry> keys = new TreeMap<>();
    final Map<Long, Res> reservations = new HashMap<>();
    final Map<RequestId, Res> byRequest = new HashMap<>();
    final TreeMap<Long, Res> consumedOrder = new TreeMap<>();
    final List<Rec> intents = new ArrayList<>();

    /** The live record of each monotonic counter: the one with the highest value. */
    final Map<Integer, Rec> counters = new HashMap<>();

    StoreIndex(int segmentBits) {
        this.segmentBits = segmentBits;
    }

    /** Adds a committed record to the index (records arrive in seq order). */
    void apply(Rec r) {
        if (r.meta instanceof Meta.Key k) {
            KeyEntry e = keys.get(k.blockId());
            if (e == null) {
                e =
                        new KeyEntry(
                                k.blockId(),
                                k.acquiredAt(),
                                k.counts(),
                                k.totalBits(),
                                segmentBits);
                keys.put(k.blockId(), e);
            } else if (e.totalBits != k.totalBits()) {
                FlashKeyStore.LOG.warn(
                        "key record of block {} disagrees with an earlier one; ignored",
                        k.blockId());
                return;
            }
            e.recs.add(r);
            for (int i = 0; i < r.abs.length; i++) {
                e.copies.get(r.abs[i]).add(new SegCopy(r, i));
            }
        } else if (r.meta instanceof Meta.Reserve m) {
            Res res = reservations.get(m.reference());
            if (res == null) {
                res =
                        new Res(
                                m.reference(),
                                m.requestId(),
                                new KeyRange(m.blockId(), m.bitOffset(), m.bitLength()));
                reservations.put(res.ref, res);
                byRequest.put(res.requestId, res);
            }
            if (m.consumed()) {
                markConsumed(res, m.consumeSeq());
            }
            res.recs.add(r);
        } else if (r.meta instanceof Meta.Consume c) {
            Res res = reservations.get(c.reference());
            if (res != null) {
                markConsumed(res, r.seq);
                res.recs.add(r);
            }
        } else if (r.meta instanceof Meta.EraseIntent ei) {
            intents.add(r);
        } else if (r.meta instanceof Meta.Counter c) {
            if (counter(c.id()) < c.value()) {
                counters.put(c.id(), r);
            }
        }
    }

    void markConsumed(Res res, long consumeSeq) {
        if (res.consumed) {
            if (consumeSeq >= res.consumeSeq) {
                return;
            }
            consumedOrder.remove(res.consumeSeq);
        }
        res.consumed = true;
        res.consumeSeq = consumeSeq;
        consumedOrder.put(consumeSeq, res);
    }

    /** The value of counter {@code id}, 0 if it was never advanced. */
    long counter(int id) {
        Rec r = counters.get(id);
        return r == null ? 0 : ((Meta.Counter) r.meta).value();
    }

    /** Indexes a reservation just written: by reference, by request id, its segments reserved. */
    void addReservation(Res res) {
        reservations.put(res.ref, res);
        byRequest.put(res.requestId, res);
        keys.get(res.range.blockId())
                .reserved
                .set(res.firstSegment(segmentBits), res.endSegment(segmentBits));
    }

    /**
     * The first range of {@code bits} present, unreserved bits that starts on a segment boundary,
     * oldest block first; null if no block has that many in a row.
     */
    KeyRange findFree(int bits) {
        int need = (int) (((long) bits + segmentBits - 1) / segmentBits);
        for (KeyEntry e : keys.values()) {
            int run = 0;
            for (int a = 0; a < e.segCount; a++) {
                run = e.present.get(a) && !e.reserved.get(a) ? run + 1 : 0;
                if (run == need) {
                    int start = a - need + 1;
                    if ((long) start * segmentBits + bits <= e.totalBits) {
                        return new KeyRange(e.blockId, start * segmentBits, bits);
                    }
                    run--;
                }
            }
        }
        return null;
    }

    /**
     * The whole of the oldest block of at least {@code minBits} bits none of whose bits is reserved
     * or consumed; null if there is none.
     */
    KeyRange findFreeBlock(int minBits) {
        for (KeyEntry e : keys.values()) {
            if (e.totalBits >= minBits
                    && e.reserved.isEmpty()
                    && e.present.cardinality() == e.segCount) {
                return new KeyRange(e.blockId, 0, e.totalBits);
            }
        }
        return null;
    }

    /**
     * Checks that every bit of {@code range} is present and unreserved, and that it starts on a
     * segment boundary.
     *
     * @throws KeyStoreException MISALIGNED_RANGE, RANGE_UNAVAILABLE
     */
    void checkFree(KeyRange range) {
        if (range.bitOffset() % segmentBits != 0) {
            throw new KeyStoreException(
                    Reason.MISALIGNED_RANGE,
                    "offset " + range.bitOffset() + " is not a multiple of " + segmentBits);
        }
        KeyEntry e = keys.get(range.blockId());
        if (e == null || range.endBit() > e.totalBits) {
            throw new KeyStoreException(
                    Reason.RANGE_UNAVAILABLE, "block " + range.blockId() + " has no such range");
        }
        int from = range.bitOffset() / segmentBits;
        int to = (range.endBit() + segmentBits - 1) / segmentBits;
        for (int a = from; a < to; a++) {
            if (!e.present.get(a) || e.reserved.get(a)) {
                throw new KeyStoreException(
                        Reason.RANGE_UNAVAILABLE,
                        "bits of block " + range.blockId() + " are reserved or consumed");
            }
        }
    }

    Optional<KeyBlockInfo> blockInfo(long blockId) {
        KeyEntry e = keys.get(blockId);
        if (e == null) {
            return Optional.empty();
        }
        BitSet avail = (BitSet) e.present.clone();
        avail.andNot(e.reserved);
        return Optional.of(
                new KeyBlockInfo(
                        e.blockId,
                        e.acquiredAt,
                        e.counts,
                        e.totalBits,
                        (int) e.bitsIn(avail, segmentBits),
                        (int) e.bitsIn(e.reserved, segmentBits)));
    }

    static Reservation view(Res r) {
        return new Reservation(
                new Reference(r.ref),
                r.requestId,
                r.range,
                r.consumed ? Reservation.State.CONSUMED : Reservation.State.RESERVED);
    }

    static String ref(Res r) {
        return new Reference(r.ref).toString();
    }
}
