package io.qkdmodem.protocol.frame;

import java.util.zip.CRC32C;

/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and final XOR 0xFFFFFFFF), as in RFC
 * 3720 (iSCSI) section B.4; check value 0xE3069283 for ASCII "123456789". Backed by the JDK's
 * hardware-accelerated {@link CRC32C}.
 */
public final class Crc32c {

    private Crc32c() {}

    public static int compute(byte[] buf, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(buf, off, len);
        return (int) c.getValue();
    }

    public static int compute(byte[] buf) {
        return compute(buf, 0, buf.length);
    }
}
