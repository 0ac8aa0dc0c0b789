package io.qkdmodem.keystore;

import io.qkdmodem.keystore.flash.FlashGeometry;
import java.util.SplittableRandom;

/** Shared test helpers: small geometries, device keys, random key blocks. */
public final class Fixtures {
    private Fixtures() {}

    /** 16 blocks of 4 KiB, 256-byte pages: small enough to fill and collect quickly. */
    public static final FlashGeometry SMALL = FlashGeometry.of(256, 4096, 16);

    public static DeviceKey deviceKey(int seed) {
        byte[] k = new byte[DeviceKey.BYTES];
        new SplittableRandom(seed).nextBytes(k);
        return DeviceKey.of(k);
    }

    public static AcquisitionCounts counts(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        AcquisitionCounts.Builder b = AcquisitionCounts.builder();
        for (IntensityClass c : IntensityClass.values()) {
            for (Basis basis : Basis.values()) {
                long pulses = r.nextLong(1, 1L << 40);
                long det = r.nextLong(0, Math.min(pulses, 1L << 30) + 1);
                b.set(c, basis, pulses, det, det / 2);
                b.errors(c, basis, det / 40);
            }
        }
        return b.build();
    }

    /** Key bits derived from (blockId, seed): the model can recompute them. */
    public static byte[] bits(long blockId, int bitLength) {
        byte[] b = new byte[(bitLength + 7) / 8];
        new SplittableRandom(blockId * 0x9E3779B97F4A7C15L + bitLength).nextBytes(b);
        if (bitLength % 8 != 0) {
            b[b.length - 1] &= (byte) (0xFF << (8 - bitLength % 8));
        }
        return b;
    }

    public static KeyBlock block(long blockId, int bitLength) {
        return new KeyBlock(
                blockId,
                1_700_000_000_000L + blockId,
                counts(blockId),
                KeyMaterial.copyOf(bits(blockId, bitLength), bitLength));
    }

    /** The expected bits of a range of a block made by {@link #block}. */
    public static byte[] expected(long blockId, int blockBits, int offset, int length) {
        byte[] all = bits(blockId, blockBits);
        byte[] out = new byte[(length + 7) / 8];
        for (int i = 0; i < length; i++) {
            int bit = (all[(offset + i) >>> 3] >>> (7 - ((offset + i) & 7))) & 1;
            out[i >>> 3] |= (byte) (bit << (7 - (i & 7)));
        }
        return out;
    }
}
