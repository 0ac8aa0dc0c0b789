package io.qkdmodem.firmware.runtime;

import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The firmware's own uses of the key store: append, drop, and finding where numbering stands. */
final class StoreOps {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOps.class);
    private static final int PROBE_LIMIT = 1 << 20;

    private final KeyStore store;

    StoreOps(KeyStore store) {
        this.store = store;
    }

    KeyStore store() {
        return store;
    }

    /**
     * Appends durably. A block id already present is an error (ids are never reused: both sides
     * keep the highest id used durably), reported like any failed append.
     */
    void append(KeyBlock block) {
        store.append(block);
    }

    /**
     * Drops a block the peer does not hold: reserves all its bits under a firmware request id and
     * consumes them, which zeroizes them durably. A block that is absent or already dropped is left
     * alone. Returns whether bits were dropped.
     */
    boolean drop(long blockId) {
        Optional<KeyBlockInfo> info = store.blockInfo(blockId);
        if (info.isEmpty() || info.get().totalBits() == 0) {
            return false;
        }
        KeyBlockInfo i = info.get();
        if (i.availableBits() != i.totalBits()) {
            LOG.error(
                    "block {} cannot be dropped: {} of its {} bits are already reserved",
                    blockId,
                    i.totalBits() - i.availableBits(),
                    i.totalBits());
            return false;
        }
        Reservation r =
                store.reserve(
                        RequestId.of("firmware-drop-" + blockId),
                        new KeyRange(blockId, 0, i.totalBits()));
        store.consume(r.reference());
        LOG.info("block {} dropped ({} bits zeroized)", blockId, i.totalBits());
        return true;
    }

    /**
     * The highest block id with available bits at or below {@code highestUsed} (looking back at
     * most 64 ids: only the newest blocks matter when two modems resynchronise), or -1.
     */
    long highestAvailable(long highestUsed) {
        for (long id = highestUsed; id >= 0 && id > highestUsed - 64; id--) {
            Optional<KeyBlockInfo> i = store.blockInfo(id);
            if (i.isPresent() && i.get().availableBits() > 0) {
                return id;
            }
        }
        return -1;
    }

    /** The highest block id present at or after {@code hint} (the hint itself if none is). */
    long lastBlockId(long hint) {
        long last = hint;
        for (int i = 0; i < PROBE_LIMIT && store.blockInfo(last + 1).isPresent(); i++) {
            last++;
        }
        return last;
    }
}
