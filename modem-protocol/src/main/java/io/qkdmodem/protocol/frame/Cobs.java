package io.qkdmodem.protocol.frame;

/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, IEEE/ACM Trans. Networking 7(2), 1999):
 * removes every 0x00 from a block at a cost of at most one byte per 254, so 0x00 can delimit
 * frames.
 */
public final class Cobs {

    private Cobs() {}

    /** Largest encoded size of {@code n} bytes: n + ceil(n / 254), and 1 for n = 0. */
    public static int maxEncodedLength(int n) {
        return n + n / 254 + 1;
    }

    /**
     * Encodes {@code src[off, off+len)} into {@code dst} at {@code dstOff}.
     *
     * @return the number of bytes written
     */
    public static int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int codePos = dstOff;
        int out = dstOff + 1;
        int code = 1;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = src[i];
            if (b != 0) {
                dst[out++] = b;
                code++;
            }
            if (b == 0 || code == 0xFF) {
                dst[codePos] = (byte) code;
                code = 1;
                codePos = out;
                if (b == 0 || i + 1 < end) {
                    out++;
                }
            }
        }
        if (codePos < out) {
            dst[codePos] = (byte) code;
        }
        return out - dstOff;
    }

    /**
     * Decodes {@code src[off, off+len)} (which holds no 0x00) into {@code dst}.
     *
     * @return the number of bytes written, or -1 if the block is not valid COBS (a code byte of 0
     *     or one that points past the end)
     */
    public static int decode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int in = off;
        int end = off + len;
        int out = dstOff;
        while (in < end) {
            int code = src[in++] & 0xFF;
            if (code == 0 || in + code - 1 > end) {
                return -1;
            }
            for (int i = 1; i < code; i++) {
                byte b = src[in++];
                if (b == 0) {
                    return -1;
                }
                dst[out++] = b;
            }
            if (code != 0xFF && in < end) {
                dst[out++] = 0;
            }
        }
        return out - dstOff;
    }
}
