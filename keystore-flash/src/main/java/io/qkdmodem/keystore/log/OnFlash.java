package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.KeyStoreException.Reason;
import io.qkdmodem.keystore.flash.FlashException;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.NorFlash;
import java.util.Arrays;

/** Headers, block headers and the commit protocol on the flash (docs/keystore.md, 2 and 3). */
final class OnFlash {
    private OnFlash() {}

    static void checkGeometry(FlashGeometry g, int segmentBits, int minFree) {
        int sealed = segmentBits / 8 + Layout.TAG_LEN;
        int room = g.blockSize() - Layout.BLOCK_HEADER_LEN - Layout.segmentBase(keyMetaLength(1));
        if (g.pageSize() < Layout.MIN_PAGE) {
            throw new KeyStoreException(
                    Reason.INVALID_ARGUMENT, "page size must be >= " + Layout.MIN_PAGE);
        }
        if (room < sealed) {
            throw new KeyStoreException(
                    Reason.INVALID_ARGUMENT,
                    "block size " + g.blockSize() + " cannot hold one segment");
        }
        if (g.blockCount() < Layout.HEADER_BLOCKS + minFree + 2) {
            throw new KeyStoreException(
                    Reason.INVALID_ARGUMENT,
                    "need at least "
                            + (Layout.HEADER_BLOCKS + minFree + 2)
                            + " blocks, device has "
                            + g.blockCount());
        }
    }

    static int keyMetaLength(int runs) {
        return 1 + 8 + 8 + 4 + 4 + 24 * 8 + 4 + 8 * runs + Layout.TAG_LEN;
    }

    static byte[] header(FlashGeometry g, long gen, int segmentBits, byte[] salt, byte[] check) {
        byte[] h = new byte[Layout.HEADER_LEN];
        Bytes.put32(h, 0, Layout.HEADER_MAGIC);
        Bytes.put16(h, 4, Layout.FORMAT_VERSION);
        Bytes.put16(h, 6, Layout.HEADER_LEN);
        Bytes.put64(h, 8, gen);
        Bytes.put32(h, 16, g.pageSize());
        Bytes.put32(h, 20, g.blockSize());
        Bytes.put32(h, 24, g.blockCount());
        Bytes.put32(h, 28, segmentBits);
        System.arraycopy(salt, 0, h, 32, Layout.SALT_LEN);
        System.arraycopy(check, 0, h, 48, Layout.CHECK_LEN);
        Bytes.put32(h, Layout.HEADER_CRC_AT, Bytes.crc(h, 0, Layout.HEADER_CRC_AT));
        h[Layout.HEADER_COMMIT_AT] = Layout.COMMIT;
        return h;
    }

    /**
     * Programs {@code bytes} with its commit byte left erased, syncs, programs the commit, syncs.
     */
    static void programCommitted(NorFlash flash, long addr, byte[] bytes, int commitAt) {
        byte commit = bytes[commitAt];
        bytes[commitAt] = (byte) 0xFF;
        flash.program(addr, bytes, 0, bytes.length);
        flash.sync();
        bytes[commitAt] = commit;
        flash.program(addr + commitAt, bytes, commitAt, 1);
        flash.sync();
    }

    static void writeBlockHeader(
            NorFlash flash, FlashGeometry g, int block, long seq, long eraseCount) {
        byte[] h = new byte[Layout.BLOCK_HEADER_LEN];
        Arrays.fill(h, (byte) 0xFF);
        Bytes.put32(h, 0, Layout.BLOCK_MAGIC);
        Bytes.put16(h, 4, Layout.FORMAT_VERSION);
        Bytes.put64(h, 8, seq);
        Bytes.put32(h, 16, (int) Math.min(eraseCount, 0xFFFFFFFFL));
        Bytes.put32(h, Layout.BLOCK_CRC_AT, Bytes.crc(h, 0, Layout.BLOCK_CRC_AT));
        // Header first, commit byte second; the next record's sync makes both durable before it
        // commits.
        flash.program(g.blockAddress(block), h, 0, Layout.BLOCK_COMMIT_AT);
        h[Layout.BLOCK_COMMIT_AT] = Layout.COMMIT;
        flash.program(g.blockAddress(block) + Layout.BLOCK_COMMIT_AT, h, Layout.BLOCK_COMMIT_AT, 1);
    }

    /**
     * Reads until two reads in a row agree, so that a transient read error cannot hide or invent a
     * record at mount (which would let the store hand out bits twice).
     */
    static void readStable(NorFlash flash, long addr, byte[] buf) {
        byte[] again = new byte[buf.length];
        flash.read(addr, buf, 0, buf.length);
        for (int attempt = 0; attempt < 32; attempt++) {
            flash.read(addr, again, 0, again.length);
            if (Arrays.equals(buf, again)) {
                return;
            }
            System.arraycopy(again, 0, buf, 0, buf.length);
        }
        throw new FlashException("reads of " + buf.length + " bytes at " + addr + " do not agree");
    }

    static boolean validHeader(byte[] p) {
        return Bytes.i32(p, 0) == Layout.HEADER_MAGIC
                && Bytes.u16(p, 4) == Layout.FORMAT_VERSION
                && Bytes.u16(p, 6) == Layout.HEADER_LEN
                && Bytes.i32(p, Layout.HEADER_CRC_AT) == Bytes.crc(p, 0, Layout.HEADER_CRC_AT)
                && p[Layout.HEADER_COMMIT_AT] == Layout.COMMIT;
    }

    static boolean validBlockHeader(byte[] b) {
        return Bytes.i32(b, 0) == Layout.BLOCK_MAGIC
                && Bytes.u16(b, 4) == Layout.FORMAT_VERSION
                && Bytes.i32(b, Layout.BLOCK_CRC_AT) == Bytes.crc(b, 0, Layout.BLOCK_CRC_AT)
                && b[Layout.BLOCK_COMMIT_AT] == Layout.COMMIT;
    }
}
