package io.qkdmodem.firmware.runtime;

import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreException;
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

    /** Appends durably; a block already present with this id is left as is (idempotent retry). */
    void append(KeyBlock block) {
        try {
            store.append(block);
        } catch (KeyStoreException e) {
            if (e.reason() != KeyStoreException.Reason.DUPLICATE_BLOCK) {
                throw e;
            }
            LOG.warn("block {} was already stored", block.blockId());
        }
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

    /** The highest block id present at or after {@code hint} (the hint itself if none is). */
    long lastBlockId(long hint) {
        long last = hint;
        for (int i = 0; i < PROBE_LIMIT && store.blockInfo(last + 1).isPresent(); i++) {
            last++;
        }
        return last;
    }
}
