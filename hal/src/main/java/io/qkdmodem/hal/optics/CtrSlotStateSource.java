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
 * <p>With a basis bias ({@code pRectilinear != 0.5}, efficient BB84) a second layout is used: slot
 * {@code s} takes the 8 bytes at offset {@code 8 * (s mod 2)} of {@code E_k(frameId || s / 2)}.
 * Byte 0 bit 0 is the bit; bytes 1-3 the intensity value as above; bytes 4-6 a big-endian 24-bit
 * uniform value, below {@code round(pRectilinear * 2^24)} for the rectilinear basis (code 0), else
 * diagonal (code 1). The SPI front-end knows only the unbiased layout.
 *
 * <p>The key comes from the entropy source (hardware RNG on a board, the seeded DRBG in
 * simulation). One answer costs one AES block (cached for the 4 slots that share it). Not
 * thread-safe; give each thread its own instance over the same key if needed.
 */
public final class CtrSlotStateSource implements SlotStateSource {
    /** AES-128 key length in bytes. */
    public static final int KEY_BYTES = 16;

    /** The unbiased basis probability, which selects the 4-slots-per-block layout. */
    public static final double UNBIASED = 0.5;

    private final int slotsPerBlock;
    private final double pRectilinear;
    private final int zThreshold;
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
        this(key, frameId, slotCount, profile, UNBIASED);
    }

    /**
     * A source whose basis is rectilinear (code 0) with probability {@code pRectilinear}.
     *
     * @param key 16 bytes, copied (the caller should zeroize its copy)
     * @param frameId the frame id, used as the counter's nonce half
     * @param slotCount slots in the frame, positive
     * @param profile how uniform values map to intensity classes
     * @param pRectilinear in (0, 1); exactly {@link #UNBIASED} gives the unbiased layout
     */
    public CtrSlotStateSource(
            byte[] key,
            long frameId,
            int slotCount,
            IntensityProfile profile,
            double pRectilinear) {
        Objects.requireNonNull(key, "key");
        if (!(pRectilinear > 0 && pRectilinear < 1)) {
            throw new IllegalArgumentException(
                    "pRectilinear must be in (0, 1), was " + pRectilinear);
        }
        this.pRectilinear = pRectilinear;
        this.slotsPerBlock = pRectilinear == UNBIASED ? 4 : 2;
        this.zThreshold = (int) Math.round(pRectilinear * IntensityProfile.SCALE);
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

    /** The probability of the rectilinear basis (code 0). */
    public double pRectilinear() {
        return pRectilinear;
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
        long b = slot / slotsPerBlock;
        if (b != cachedBlock) {
            writeLong(counter, 8, b);
            try {
                cipher.doFinal(counter, 0, 16, block, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES block failed", e);
            }
            cachedBlock = b;
        }
        return decode(block, (slot % slotsPerBlock) * (16 / slotsPerBlock));
    }

    private int decode(byte[] buf, int off) {
        int b0 = buf[off] & 0xff;
        int u = (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8 | buf[off + 3] & 0xff;
        int cls = u < signalThreshold ? 0 : u < decoyThreshold ? 1 : 2;
        if (slotsPerBlock == 4) {
            return b0 & 3 | cls << 2;
        }
        int v = (buf[off + 4] & 0xff) << 16 | (buf[off + 5] & 0xff) << 8 | buf[off + 6] & 0xff;
        int basis = v < zThreshold ? 0 : 1;
        return b0 & 1 | basis << 1 | cls << 2;
    }

    /**
     * Walks the frame in bulk (1024 AES blocks per cipher call), about 10x faster than per slot.
     */
    @Override
    public long[] countByIntensity() {
        long[] c = countCells();
        return new long[] {c[0] + c[1], c[2] + c[3], c[4] + c[5]};
    }

    /**
     * Exact pulses per intensity class and basis, class-major ({@code SIGNAL.rectilinear,
     * SIGNAL.diagonal, DECOY.rectilinear, ...}), walking the frame in bulk.
     */
    public long[] countCells() {
        checkAlive();
        long[] cells = new long[6];
        long blocks = ((long) slotCount + slotsPerBlock - 1) / slotsPerBlock;
        int bytesPerSlot = 16 / slotsPerBlock;
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
                for (int i = 0; i < n * slotsPerBlock; i++) {
                    long slot = first * slotsPerBlock + i;
                    if (slot >= slotCount) {
                        break;
                    }
                    int st = decode(out, bytesPerSlot * i);
                    cells[SlotState.intensityCode(st) * 2 + SlotState.basisCode(st)]++;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block failed", e);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
        return cells;
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
