package io.qkdmodem.hal.optics;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slot states from AES-128 in counter mode, with random access by slot index: slot {@code s} uses
 * the 4 bytes at offset {@code 4 * (s mod 4)} of the AES block {@code E_k(frameId || s / 4)} (two
 * big-endian 64-bit words). Byte 0 gives the bit (bit 0) and the basis (bit 1); bytes 1-3 are a
 * big-endian 24-bit uniform value mapped to the intensity class by {@link
 * IntensityProfile#classOf(int)}. The SPI front-end expands the same key with the same rule (see
 * docs/hal.md), so the board can hand it the 16-byte key instead of the frame's pattern.
 *
 * <p>The key comes from the entropy source (hardware RNG on a board, the seeded DRBG in
 * simulation). One answer costs one AES block (cached for the 4 slots that share it). Not
 * thread-safe; give each thread its own instance over the same key if needed.
 */
public final class CtrSlotStateSource implements SlotStateSource {
    /** AES-128 key length in bytes. */
    public static final int KEY_BYTES = 16;

    private static final int SLOTS_PER_BLOCK = 4;
    private static final int BULK_BLOCKS = 1024;

    private final int slotCount;
    private final long frameId;
    private final IntensityProfile profile;
    private final byte[] key;
    private final int signalThreshold;
    private final int decoyThreshold;
    private final byte[] counter = new byte[16];
    private final byte[] block = new byte[16];
    private Cipher cipher;
    private long cachedBlock = -1;
    private boolean destroyed;

    /**
     * @param key 16 bytes, copied (the caller should zeroize its copy)
     * @param frameId the frame id, used as the counter's nonce half
     * @param slotCount slots in the frame, positive
     * @param profile how uniform values map to intensity classes
     */
    public CtrSlotStateSource(byte[] key, long frameId, int slotCount, IntensityProfile profile) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key must be " + KEY_BYTES + " bytes");
        }
        if (slotCount <= 0) {
            throw new IllegalArgumentException("slotCount must be positive, was " + slotCount);
        }
        this.key = key.clone();
        this.frameId = frameId;
        this.slotCount = slotCount;
        this.profile = Objects.requireNonNull(profile, "profile");
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

    public long frameId() {
        return frameId;
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
        checkAlive();
        long b = slot >>> 2;
        if (b != cachedBlock) {
            writeLong(counter, 8, b);
            try {
                cipher.doFinal(counter, 0, 16, block, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES block failed", e);
            }
            cachedBlock = b;
        }
        return decode(block, (slot & 3) << 2);
    }

    private int decode(byte[] buf, int off) {
        int b0 = buf[off] & 0xff;
        int u = (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8 | buf[off + 3] & 0xff;
        int cls = u < signalThreshold ? 0 : u < decoyThreshold ? 1 : 2;
        return b0 & 3 | cls << 2;
    }

    /**
     * Walks the frame in bulk (1024 AES blocks per cipher call), about 10x faster than per slot.
     */
    @Override
    public long[] countByIntensity() {
        checkAlive();
        long[] counts = new long[3];
        long blocks = ((long) slotCount + SLOTS_PER_BLOCK - 1) / SLOTS_PER_BLOCK;
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
                for (int i = 0; i < n * SLOTS_PER_BLOCK; i++) {
                    long slot = first * SLOTS_PER_BLOCK + i;
                    if (slot >= slotCount) {
                        break;
                    }
                    counts[SlotState.intensityCode(decode(out, 4 * i))]++;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block failed", e);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
        return counts;
    }

    /**
     * Returns a copy of the key, for handing to a timing front-end. The caller zeroizes the copy.
     */
    public byte[] exportKey() {
        checkAlive();
        return key.clone();
    }

    @Override
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            Arrays.fill(key, (byte) 0);
            Arrays.fill(block, (byte) 0);
            cipher = null;
            cachedBlock = -1;
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("slot state source was destroyed");
        }
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public String toString() {
        return "CtrSlotStateSource[frame=" + frameId + ", slots=" + slotCount + "]";
    }
}
