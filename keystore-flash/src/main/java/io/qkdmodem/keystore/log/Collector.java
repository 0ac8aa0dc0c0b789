package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.flash.FlashException;
import io.qkdmodem.keystore.log.Index.Block;
import io.qkdmodem.keystore.log.Index.BlockState;
import io.qkdmodem.keystore.log.Index.KeyEntry;
import io.qkdmodem.keystore.log.Index.Rec;
import io.qkdmodem.keystore.log.Index.Res;
import io.qkdmodem.keystore.log.Index.SegCopy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection and wear leveling of a {@link FlashKeyStore} (docs/keystore.md, section 3):
 * which records are live, which block to collect, copying live records out and erasing. Runs under
 * the store's write lock.
 */
final class Collector {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final FlashKeyStore store;

    Collector(FlashKeyStore store) {
        this.store = store;
    }

    /** Seq of the oldest consumed reservation still remembered for request-id idempotence. */
    long retainFloor() {
        int keep = store.config.consumedRetention();
        if (store.index.consumedOrder.size() <= keep) {
            return Long.MIN_VALUE;
        }
        if (keep == 0) {
            return Long.MAX_VALUE;
        }
        int i = 0;
        for (long seq : store.index.consumedOrder.descendingKeySet()) {
            if (++i == keep) {
                return seq;
            }
        }
        return Long.MIN_VALUE;
    }

    boolean retained(Res r, long floor) {
        return !r.consumed || r.consumeSeq >= floor;
    }

    /** Slots of a KEY record that must be copied if its block is collected. */
    BitSet liveKeySlots(Rec r) {
        BitSet live = new BitSet();
        KeyEntry e = store.index.keys.get(((Meta.Key) r.meta).blockId());
        if (e == null) {
            return live;
        }
        for (int i = 0; i < r.abs.length; i++) {
            int a = r.abs[i];
            if (!r.liveSlots.get(i) || !e.present.get(a)) {
                continue;
            }
            boolean elsewhere = false;
            for (SegCopy c : e.copies.get(a)) {
                if (c.rec().block != r.block && c.rec().liveSlots.get(c.slot())) {
                    elsewhere = true;
                    break;
                }
            }
            if (!elsewhere) {
                live.set(i);
            }
        }
        return live;
    }

    boolean reserveLive(Rec r, long floor) {
        Res res = store.index.reservations.get(((Meta.Reserve) r.meta).reference());
        return res != null && retained(res, floor);
    }

    boolean consumeLive(Rec r) {
        Res res = store.index.reservations.get(((Meta.Consume) r.meta).reference());
        if (res == null) {
            return false;
        }
        for (Rec o : res.recs) {
            if (o.block != r.block && o.meta instanceof Meta.Reserve m && !m.consumed()) {
                return true;
            }
        }
        return false;
    }

    boolean intentLive(Rec r) {
        Meta.EraseIntent ei = (Meta.EraseIntent) r.meta;
        if (!store.space.validLogBlock(ei.block())) {
            return false;
        }
        Block t = store.space.blocks[ei.block()];
        return t.hasHeader && t.seq == ei.blockSeq() && t.index != r.block;
    }

    /** A counter record is live while it holds its counter's current value. */
    boolean counterLive(Rec r) {
        return store.index.counters.get(((Meta.Counter) r.meta).id()) == r;
    }

    long liveBytes(Block b, long floor) {
        long live = 0;
        for (Rec r : b.recs) {
            if (r.meta instanceof Meta.Key k) {
                int slots = liveKeySlots(r).cardinality();
                if (slots > 0) {
                    live += Layout.recordLength(r.segBase - 25, slots, r.segLen);
                }
            } else if (r.meta instanceof Meta.Reserve m) {
                live += reserveLive(r, floor) ? r.length : 0;
            } else if (r.meta instanceof Meta.Consume c) {
                live += consumeLive(r) ? r.length : 0;
            } else if (r.meta instanceof Meta.EraseIntent ei) {
                live += intentLive(r) ? r.length : 0;
            } else if (r.meta instanceof Meta.Counter c) {
                live += counterLive(r) ? r.length : 0;
            }
        }
        return live;
    }

    boolean collectOne(boolean wear) {
        return collectOne(wear, 1);
    }

    /**
     * Collects one victim: the least worn closed block when leveling wear, otherwise the closed
     * block with the most reclaimable bytes if that is at least {@code minGain}.
     */
    boolean collectOne(boolean wear, long minGain) {
        long floor = retainFloor();
        Block victim = null;
        long bestGain = -1;
        for (Block b : store.space.blocks) {
            if (b == null || b.state != BlockState.CLOSED) {
                continue;
            }
            if (wear) {
                if (victim == null
                        || store.space.eraseCountOf(b) < store.space.eraseCountOf(victim)) {
                    victim = b;
                }
            } else {
                long gain = store.geo.blockSize() - Layout.BLOCK_HEADER_LEN - liveBytes(b, floor);
                if (gain > bestGain) {
                    bestGain = gain;
                    victim = b;
                }
            }
        }
        if (victim == null || (!wear && bestGain < minGain)) {
            return false;
        }
        collect(victim, floor);
        return true;
    }

    void collect(Block victim, long floor) {
        LOG.debug("collecting log block {} (erase count {})", victim.index, victim.eraseCount);
        victim.state = BlockState.CLOSED;
        List<Rec> old = new ArrayList<>(victim.recs);
        old.sort(Comparator.comparingLong((Rec r) -> r.seq));
        for (Rec r : old) {
            if (r.meta instanceof Meta.Key k) {
                copyKey(r, k);
            } else if (r.meta instanceof Meta.Reserve m) {
                if (reserveLive(r, floor)) {
                    Res res = store.index.reservations.get(m.reference());
                    boolean alreadyCopied = false;
                    for (Rec o : res.recs) {
                        if (o.block != victim.index
                                && o.meta instanceof Meta.Reserve om
                                && om.consumed() == res.consumed) {
                            alreadyCopied = true;
                        }
                    }
                    if (!alreadyCopied) {
                        Rec c =
                                store.space.writeRecord(
                                        seq ->
                                                new Meta.Reserve(
                                                        res.ref,
                                                        res.consumed,
                                                        res.consumeSeq,
                                                        res.range.blockId(),
                                                        res.range.bitOffset(),
                                                        res.range.bitLength(),
                                                        res.requestId),
                                        null,
                                        null,
                                        0,
                                        LogSpace.Space.COLLECTOR);
                        res.recs.add(c);
                    }
                }
            } else if (r.meta instanceof Meta.Consume c) {
                if (consumeLive(r)) {
                    Res res = store.index.reservations.get(c.reference());
                    res.recs.add(
                            store.space.writeRecord(
                                    seq -> c, null, null, 0, LogSpace.Space.COLLECTOR));
                }
            } else if (r.meta instanceof Meta.EraseIntent ei) {
                if (intentLive(r)) {
                    store.index.intents.add(
                            store.space.writeRecord(
                                    seq -> ei, null, null, 0, LogSpace.Space.COLLECTOR));
                }
            } else if (r.meta instanceof Meta.Counter c) {
                if (counterLive(r)) {
                    store.index.counters.put(
                            c.id(),
                            store.space.writeRecord(
                                    seq -> c, null, null, 0, LogSpace.Space.COLLECTOR));
                }
            }
        }
        Meta.EraseIntent intent = new Meta.EraseIntent(victim.index, victim.seq);
        store.index.intents.add(
                store.space.writeRecord(seq -> intent, null, null, 0, LogSpace.Space.COLLECTOR));
        // Drop the victim's records from the index, then erase it.
        for (Rec r : old) {
            unindex(r);
        }
        victim.recs.clear();
        long ec = store.space.eraseCountOf(victim);
        try {
            store.flash.erase(victim.index);
        } catch (FlashException.WornOut e) {
            LOG.warn("log block {} worn out; retired", victim.index);
            victim.state = BlockState.BAD;
            return;
        }
        store.space.startBlock(victim, ec + 1);
        victim.state = BlockState.FREE_CLEAN;
    }

    void copyKey(Rec r, Meta.Key k) {
        BitSet live = liveKeySlots(r);
        if (live.isEmpty()) {
            return;
        }
        KeyEntry e = store.index.keys.get(k.blockId());
        List<Integer> absList = new ArrayList<>();
        List<byte[]> plains = new ArrayList<>();
        byte[] sealed = new byte[store.sealedSegLen];
        try {
            for (int i = live.nextSetBit(0); i >= 0; i = live.nextSetBit(i + 1)) {
                SegCopy c = new SegCopy(r, i);
                byte[] p = null;
                for (int attempt = 0; attempt < 2 && p == null; attempt++) {
                    store.flash.read(store.space.segAddress(c), sealed, 0, sealed.length);
                    p =
                            store.crypto.open(
                                    r.seq,
                                    i,
                                    RecordFormat.segAad(k.blockId(), r.abs[i]),
                                    sealed,
                                    0,
                                    sealed.length);
                }
                if (p == null) {
                    LOG.warn(
                            "a segment of block {} failed its integrity check and was not copied",
                            k.blockId());
                    continue;
                }
                absList.add(r.abs[i]);
                plains.add(p);
            }
            if (absList.isEmpty()) {
                return;
            }
            int[] abs = absList.stream().mapToInt(Integer::intValue).toArray();
            List<int[]> runs = new ArrayList<>();
            for (int a : abs) {
                if (!runs.isEmpty()
                        && runs.get(runs.size() - 1)[0] + runs.get(runs.size() - 1)[1] == a) {
                    runs.get(runs.size() - 1)[1]++;
                } else {
                    runs.add(new int[] {a, 1});
                }
            }
            Meta.Key copy =
                    new Meta.Key(
                            k.blockId(),
                            k.acquiredAt(),
                            k.totalBits(),
                            store.segmentBits,
                            k.counts(),
                            runs.stream().mapToInt(x -> x[0]).toArray(),
                            runs.stream().mapToInt(x -> x[1]).toArray());
            Rec c =
                    store.space.writeRecord(
                            seq -> copy,
                            plains.toArray(new byte[0][]),
                            abs,
                            k.blockId(),
                            LogSpace.Space.COLLECTOR);
            e.recs.add(c);
            for (int i = 0; i < abs.length; i++) {
                e.copies.get(abs[i]).add(new SegCopy(c, i));
            }
        } finally {
            for (byte[] p : plains) {
                Arrays.fill(p, (byte) 0);
            }
        }
    }

    void unindex(Rec r) {
        if (r.meta instanceof Meta.Key k) {
            KeyEntry e = store.index.keys.get(k.blockId());
            if (e == null) {
                return;
            }
            e.recs.remove(r);
            for (int i = 0; i < r.abs.length; i++) {
                List<SegCopy> copies = e.copies.get(r.abs[i]);
                copies.removeIf(c -> c.rec() == r);
                boolean any = false;
                for (SegCopy c : copies) {
                    any |= c.rec().liveSlots.get(c.slot());
                }
                if (!any) {
                    e.present.clear(r.abs[i]);
                }
            }
            if (e.recs.isEmpty()) {
                store.index.keys.remove(e.blockId);
            }
        } else if (r.meta instanceof Meta.Reserve m) {
            dropRecFrom(store.index.reservations.get(m.reference()), r);
        } else if (r.meta instanceof Meta.Consume c) {
            dropRecFrom(store.index.reservations.get(c.reference()), r);
        } else if (r.meta instanceof Meta.EraseIntent ei) {
            store.index.intents.remove(r);
        } else if (r.meta instanceof Meta.Counter c) {
            store.index.counters.remove(c.id(), r);
        }
    }

    void dropRecFrom(Res res, Rec r) {
        if (res == null) {
            return;
        }
        res.recs.remove(r);
        boolean anyReserve = false;
        for (Rec o : res.recs) {
            anyReserve |= o.meta instanceof Meta.Reserve;
        }
        if (!anyReserve) {
            // Nothing on the flash names this reservation any more: forget it.
            store.index.reservations.remove(res.ref);
            store.index.byRequest.remove(res.requestId);
            if (res.consumed) {
                store.index.consumedOrder.remove(res.consumeSeq);
            }
            KeyEntry e = store.index.keys.get(res.range.blockId());
            if (e != null && !res.consumed) {
                e.reserved.clear(
                        res.firstSegment(store.segmentBits), res.endSegment(store.segmentBits));
            }
        }
    }
}
