package io.qkdmodem.keystore.log;

/** Sizes and constants of the on-flash format (docs/keystore.md, section 2). */
final class Layout {
    static final int FORMAT_VERSION = 1;
    static final byte COMMIT = (byte) 0xC3;

    static final int HEADER_MAGIC = 0x514B4B53; // "QKKS"
    static final int HEADER_LEN = 69;
    static final int HEADER_CRC_AT = 64;
    static final int HEADER_COMMIT_AT = 68;
    static final int SALT_LEN = 16;
    static final int CHECK_LEN = 16;

    static final int BLOCK_MAGIC = 0x514B4C42; // "QKLB"
    static final int BLOCK_HEADER_LEN = 32;
    static final int BLOCK_CRC_AT = 20;
    static final int BLOCK_COMMIT_AT = 24;

    static final byte RECORD_MAGIC = (byte) 0xA5;
    static final int RECORD_HEADER_LEN = 20;
    static final int TAG_LEN = 16;
    static final int META_INDEX = 0xFFFFFFFF;

    static final int HEADER_BLOCKS = 2;
    static final int MIN_PAGE = 128;

    private Layout() {}

    static int align8(int x) {
        return (x + 7) & ~7;
    }

    /** Offset of the segments inside a record with sealed meta of length m. */
    static int segmentBase(int m) {
        return align8(RECORD_HEADER_LEN + m + 5);
    }

    static int recordLength(int m, int n, int s) {
        return align8(segmentBase(m) + n * s);
    }

    static long generationOf(long seq) {
        return seq >>> 32;
    }
}
