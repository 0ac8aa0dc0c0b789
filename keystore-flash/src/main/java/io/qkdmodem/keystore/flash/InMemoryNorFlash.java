package io.qkdmodem.keystore.flash;

import java.util.Arrays;

/** A NOR flash held in a byte array; starts fully erased (all 0xFF). */
public final class InMemoryNorFlash implements NorFlash {
    private final FlashGeometry geometry;
    private final byte[] cells;
    private final long[] erases;

    public InMemoryNorFlash(FlashGeometry geometry) {
        if (geometry.capacity() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("in-memory flash limited to 2 GiB");
        }
        this.geometry = geometry;
        this.cells = new byte[(int) geometry.capacity()];
        this.erases = new long[geometry.blockCount()];
        Arrays.fill(cells, (byte) 0xFF);
    }

    /** A device with the given image and erase counts (copied), e.g. a snapshot. */
    public static InMemoryNorFlash of(FlashGeometry geometry, byte[] image, long[] eraseCounts) {
        InMemoryNorFlash f = new InMemoryNorFlash(geometry);
        System.arraycopy(image, 0, f.cells, 0, f.cells.length);
        System.arraycopy(eraseCounts, 0, f.erases, 0, f.erases.length);
        return f;
    }

    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public void read(long address, byte[] dst, int off, int len) {
        NorFlash.checkRange(geometry, address, len);
        System.arraycopy(cells, (int) address, dst, off, len);
    }

    @Override
    public void program(long address, byte[] src, int off, int len) {
        NorFlash.checkRange(geometry, address, len);
        int a = (int) address;
        for (int i = 0; i < len; i++) {
            if ((~cells[a + i] & src[off + i] & 0xFF) != 0) {
                throw new FlashException.ProgramViolation(address + i);
            }
        }
        for (int i = 0; i < len; i++) {
            cells[a + i] &= src[off + i];
        }
    }

    /**
     * Programs {@code len} bytes but only {@code bitsMask}-selected bits: models a torn program.
     */
    void programMasked(long address, byte[] src, int off, int len, byte[] keepMask) {
        int a = (int) address;
        for (int i = 0; i < len; i++) {
            cells[a + i] &= (byte) (src[off + i] | ~keepMask[i]);
        }
    }

    @Override
    public void erase(int block) {
        if (block < 0 || block >= geometry.blockCount()) {
            throw new IndexOutOfBoundsException("block " + block);
        }
        if (erases[block] >= geometry.endurance()) {
            throw new FlashException.WornOut(block, erases[block]);
        }
        erases[block]++;
        Arrays.fill(
                cells,
                (int) geometry.blockAddress(block),
                (int) geometry.blockAddress(block + 1),
                (byte) 0xFF);
    }

    /**
     * Erases only the pages of {@code block} selected by {@code pageErased}: an interrupted erase.
     */
    void erasePartially(int block, boolean[] pageErased) {
        int base = (int) geometry.blockAddress(block);
        for (int p = 0; p < pageErased.length; p++) {
            if (pageErased[p]) {
                Arrays.fill(
                        cells,
                        base + p * geometry.pageSize(),
                        base + (p + 1) * geometry.pageSize(),
                        (byte) 0xFF);
            }
        }
    }

    @Override
    public long eraseCount(int block) {
        return erases[block];
    }

    @Override
    public void sync() {}

    @Override
    public void close() {}

    /** A copy of the whole image. */
    public byte[] snapshot() {
        return cells.clone();
    }

    /** A copy of the erase counters. */
    public long[] eraseCounts() {
        return erases.clone();
    }

    /** Direct corruption for tests: XORs {@code mask} into the byte at {@code address}. */
    public void corrupt(long address, int mask) {
        cells[(int) address] ^= (byte) mask;
    }
}
