package io.qkdmodem.firmware.acquisition;

import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.optics.SlotStateSource;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alice's per-slot choices with a biased basis (efficient BB84), from AES-128 in counter mode with
 * random access: slot {@code s} uses the 8 bytes at offset {@code 8 * (s mod 2)} of {@code
 * E_k(frameId || s / 2)}. Byte 0 bit 0 is the bit; bytes 1-3 a 24-bit uniform value mapped to the
 * intensity class by the {@link IntensityProfile}; bytes 4-6 a 24-bit uniform value below {@code
 * round(pRectilinear * 2^24)} for the rectilinear (Z) basis, else diagonal (X). With {@code
 * pRectilinear = 0.5} this is the paper's plain BB84.
 *
 * <p>hal's {@code CtrSlotStateSource} draws the basis from one uniform bit, so it cannot be biased;
 * this source keeps the same O(1) random-access contract. The key comes from Alice's entropy
 * source; {@link #destroy()} zeroizes it. Not thread-safe.
 */
public final class BiasedSlotStates implements SlotStateSource {
    public static final int KEY_BYTES = 16;
    private static final int BULK_BLOCKS = 1024;

    private final long frameId;
    private final int slotCount;
    private final IntensityProfile profile;
    private final int zThreshold;
    private final int signalThreshold;
    private final int decoyThreshold;
    private final byte[] key;
    private final byte[] counter = new byte[16];
    private final byte[] block = new byte[16];
    private Cipher cipher;
    private long cachedBlock = -1;
    private boolean destroyed;

    /**
     * @param key 16 bytes, copied (the caller zeroizes its copy)
     */
    public BiasedSlotStates(
            byte[] key,
            long frameId,
            int slotCount,
            IntensityProfile profile,
            double pRectilinear) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key must be " + KEY_BYTES + " bytes");
        }
        if (slotCount <= 0) {
            throw new IllegalArgumentException("slotCount must be positive");
        }
        if (!(pRectilinear > 0 && pRectilinear < 1)) {
            throw new IllegalArgumentException("pRectilinear must be in (0, 1)");
        }
        this.key = key.clone();
        this.frameId = frameId;
        this.slotCount = slotCount;
        this.profile = profile;
        this.zThreshold = (int) Math.round(pRectilinear * IntensityProfile.SCALE);
        this.signalThreshold = profile.signalThreshold();
        this.decoyThreshold = profile.decoyThreshold();
        try {
            cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(this.key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available in this JDK", e);
        }
        writeLong(counter, 0, frameId);
    }

    @Override
    public int slotCount() {
        return slotCount;
    }

    @Override
    public IntensityProfile profile() {
        return profile;
    }

    @Override
    public int state(int slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + slotCount + ")");
        }
        check();
        long b = slot >>> 1;
        if (b != cachedBlock) {
            writeLong(counter, 8, b);
            try {
                cipher.doFinal(counter, 0, 16, block, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES block failed", e);
            }
            cachedBlock = b;
        }
        return decode(block, (slot & 1) << 3);
    }

    private int decode(byte[] buf, int off) {
        int bit = buf[off] & 1;
        int u = (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8 | buf[off + 3] & 0xff;
        int v = (buf[off + 4] & 0xff) << 16 | (buf[off + 5] & 0xff) << 8 | buf[off + 6] & 0xff;
        int cls = u < signalThreshold ? 0 : u < decoyThreshold ? 1 : 2;
        int basis = v < zThreshold ? 0 : 1;
        return bit | basis << 1 | cls << 2;
    }

    /**
     * Exact pulses per intensity class and basis (class-major: SIGNAL.Z, SIGNAL.X, DECOY.Z, ...),
     * walking the frame in bulk (1024 AES blocks per call).
     */
    public long[] countCells() {
        check();
        long[] cells = new long[6];
        long blocks = ((long) slotCount + 1) / 2;
        byte[] in = new byte[16 * BULK_BLOCKS];
        byte[] out = new byte[16 * BULK_BLOCKS];
        try {
            for (long first = 0; first < blocks; first += BULK_BLOCKS) {
                int n = (int) Math.min(BULK_BLOCKS, blocks - first);
                for (int i = 0; i < n; i++) {
                    writeLong(in, 16 * i, frameId);
                    writeLong(in, 16 * i + 8, first + i);
                }
                cipher.doFinal(in, 0, 16 * n, out, 0);
                for (int i = 0; i < 2 * n; i++) {
                    if (first * 2 + i >= slotCount) {
                        break;
                    }
                    int st = decode(out, 8 * i);
                    cells[(st >>> 2) * 2 + (st >>> 1 & 1)]++;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block failed", e);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
        return cells;
    }

    @Override
    public long[] countByIntensity() {
        long[] c = countCells();
        return new long[] {c[0] + c[1], c[2] + c[3], c[4] + c[5]};
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("slot state source was destroyed");
        }
    }

    @Override
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            Arrays.fill(key, (byte) 0);
            Arrays.fill(block, (byte) 0);
            cipher = null;
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public String toString() {
        return "BiasedSlotStates[frame=" + frameId + ", slots=" + slotCount + "]";
    }
}
