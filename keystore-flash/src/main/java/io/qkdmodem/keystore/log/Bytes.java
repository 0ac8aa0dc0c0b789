package io.qkdmodem.keystore.log;

/** Big-endian integer access on byte arrays. */
final class Bytes {
    private Bytes() {}

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static int i32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24)
                | ((b[o + 1] & 0xFF) << 16)
                | ((b[o + 2] & 0xFF) << 8)
                | (b[o + 3] & 0xFF);
    }

    static long i64(byte[] b, int o) {
        return ((long) i32(b, o) << 32) | (i32(b, o + 4) & 0xFFFFFFFFL);
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    static void put64(byte[] b, int o, long v) {
        put32(b, o, (int) (v >>> 32));
        put32(b, o + 4, (int) v);
    }

    static int crc(byte[] b, int off, int len) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    static boolean allEqual(byte[] b, int off, int len, byte v) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != v) {
                return false;
            }
        }
        return true;
    }
}
