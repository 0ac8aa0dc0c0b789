package io.qkdmodem.keystore.flash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fault-injecting wrapper over an {@link InMemoryNorFlash}, for power-loss tests.
 *
 * <ul>
 *   <li>{@link #cutAfterProgrammedBytes}: power dies once that many bytes have been programmed in
 *       total. The program that crosses the limit is torn: the bytes before the limit are
 *       programmed, the rest of that page gets a random subset of its bits programmed, nothing
 *       after the page.
 *   <li>{@link #cutAtErase}: power dies at the given erase, before it, after it, or in the middle
 *       (a random subset of the block's pages erased, the rest keep their old contents).
 *   <li>{@link #flipBitsOnRead}: each read flips one random bit of what it returns with the given
 *       probability (the stored data is unchanged).
 *   <li>{@link #enableWriteCache}: programs and erases are held in a volatile cache until {@link
 *       #sync()}; at a cut, a random subset of the unsynced operations reaches the flash, in random
 *       order (a disk or card that reorders its write-back).
 * </ul>
 *
 * After the cut every call throws {@link FlashException.PowerLost}; {@link #survivingImage()} is
 * the flash as the next boot finds it. All randomness comes from the seed.
 */
public final class FaultyNorFlash implements NorFlash {

    /** Where an erase cut falls. */
    public enum EraseCut {
        BEFORE,
        TORN,
        AFTER
    }

    /** One operation as seen by the wrapper: programs with their byte position in the stream. */
    public record Op(boolean erase, long bytesBefore, int length, long address, int block) {}

    private final InMemoryNorFlash view;
    private final SplittableRandom random;
    private InMemoryNorFlash persisted;
    private final List<Object[]> pending = new ArrayList<>();
    private final List<Op> log = new ArrayList<>();

    private long programmedBytes;
    private int erases;
    private int syncs;
    private long cutBytes = -1;
    private int cutErase = -1;
    private EraseCut eraseCut = EraseCut.AFTER;
    private double flipProbability;
    private boolean cached;
    private boolean dead;
    private boolean recordLog;

    public FaultyNorFlash(InMemoryNorFlash inner, long seed) {
        this.view = inner;
        this.persisted = inner;
        this.random = new SplittableRandom(seed);
    }

    public FaultyNorFlash cutAfterProgrammedBytes(long bytes) {
        this.cutBytes = bytes;
        return this;
    }

    public FaultyNorFlash cutAtErase(int eraseIndex, EraseCut where) {
        this.cutErase = eraseIndex;
        this.eraseCut = where;
        return this;
    }

    public FaultyNorFlash flipBitsOnRead(double probability) {
        this.flipProbability = probability;
        return this;
    }

    /** From now on, unsynced writes may be lost or reordered at a cut. */
    public FaultyNorFlash enableWriteCache() {
        if (!cached) {
            cached = true;
            persisted = InMemoryNorFlash.of(view.geometry(), view.snapshot(), view.eraseCounts());
        }
        return this;
    }

    /** Records every program and erase in {@link #log()}. */
    public FaultyNorFlash recordOperations() {
        this.recordLog = true;
        return this;
    }

    public List<Op> log() {
        return Collections.unmodifiableList(log);
    }

    public long programmedBytes() {
        return programmedBytes;
    }

    public int erases() {
        return erases;
    }

    public int syncs() {
        return syncs;
    }

    public boolean powerLost() {
        return dead;
    }

    /** Cuts power now (unsynced cached writes are resolved as at any cut). */
    public void cutNow() {
        if (!dead) {
            try {
                die();
            } catch (FlashException.PowerLost expected) {
                // the cut is the point
            }
        }
    }

    /** The flash as it is after the cut (or now): a fresh device holding a copy of it. */
    public InMemoryNorFlash survivingImage() {
        return InMemoryNorFlash.of(view.geometry(), persisted.snapshot(), persisted.eraseCounts());
    }

    @Override
    public FlashGeometry geometry() {
        return view.geometry();
    }

    @Override
    public void read(long address, byte[] dst, int off, int len) {
        alive();
        view.read(address, dst, off, len);
        if (flipProbability > 0 && len > 0 && random.nextDouble() < flipProbability) {
            int i = off + random.nextInt(len);
            dst[i] ^= (byte) (1 << random.nextInt(8));
        }
    }

    @Override
    public void program(long address, byte[] src, int off, int len) {
        alive();
        NorFlash.checkRange(view.geometry(), address, len);
        if (recordLog) {
            log.add(new Op(false, programmedBytes, len, address, -1));
        }
        if (cutBytes >= 0 && programmedBytes + len > cutBytes) {
            int whole = (int) (cutBytes - programmedBytes);
            byte[] mask = new byte[len];
            for (int i = 0; i < whole; i++) {
                mask[i] = (byte) 0xFF;
            }
            int page = view.geometry().pageSize();
            long pageEnd = ((address + whole) / page + 1) * page;
            for (int i = whole; i < len && address + i < pageEnd; i++) {
                mask[i] = (byte) random.nextInt(256);
            }
            checkProgram(address, src, off, len);
            applyProgram(address, src, off, len, mask);
            programmedBytes = cutBytes;
            die();
        }
        view.program(address, src, off, len);
        if (cached) {
            pending.add(new Object[] {address, java.util.Arrays.copyOfRange(src, off, off + len)});
        }
        programmedBytes += len;
    }

    @Override
    public void erase(int block) {
        alive();
        if (recordLog) {
            log.add(new Op(true, programmedBytes, 0, view.geometry().blockAddress(block), block));
        }
        int index = erases++;
        if (index == cutErase) {
            switch (eraseCut) {
                case BEFORE -> die();
                case TORN -> {
                    boolean[] pages = new boolean[view.geometry().pagesPerBlock()];
                    for (int p = 0; p < pages.length; p++) {
                        pages[p] = random.nextBoolean();
                    }
                    view.erasePartially(block, pages);
                    if (cached) {
                        pending.add(new Object[] {block, pages});
                    }
                    die();
                }
                case AFTER -> {
                    view.erase(block);
                    if (cached) {
                        pending.add(new Object[] {block, null});
                    }
                    die();
                }
            }
        }
        view.erase(block);
        if (cached) {
            pending.add(new Object[] {block, null});
        }
    }

    @Override
    public long eraseCount(int block) {
        return view.eraseCount(block);
    }

    @Override
    public void sync() {
        alive();
        syncs++;
        if (cached) {
            for (Object[] op : pending) {
                applyTo(persisted, op);
            }
            pending.clear();
        }
    }

    @Override
    public void close() {}

    private void checkProgram(long address, byte[] src, int off, int len) {
        byte[] cur = new byte[len];
        view.read(address, cur, 0, len);
        for (int i = 0; i < len; i++) {
            if ((~cur[i] & src[off + i] & 0xFF) != 0) {
                throw new FlashException.ProgramViolation(address + i);
            }
        }
    }

    private void applyProgram(long address, byte[] src, int off, int len, byte[] mask) {
        view.programMasked(address, src, off, len, mask);
        if (cached) {
            byte[] masked = new byte[len];
            for (int i = 0; i < len; i++) {
                masked[i] = (byte) (src[off + i] | ~mask[i]);
            }
            pending.add(new Object[] {address, masked});
        }
    }

    private void die() {
        dead = true;
        if (cached && !pending.isEmpty()) {
            // The last operation may be torn; every other unsynced one survives or not, in any
            // order.
            List<Object[]> survivors = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (random.nextBoolean()) {
                    survivors.add(pending.get(i));
                }
            }
            for (int i = survivors.size() - 1; i > 0; i--) {
                Collections.swap(survivors, i, random.nextInt(i + 1));
            }
            for (Object[] op : survivors) {
                applyTo(persisted, op);
            }
            pending.clear();
        }
        throw new FlashException.PowerLost();
    }

    private static void applyTo(InMemoryNorFlash target, Object[] op) {
        if (op[0] instanceof Long address) {
            byte[] data = (byte[]) op[1];
            byte[] mask = new byte[data.length];
            java.util.Arrays.fill(mask, (byte) 0xFF);
            target.programMasked(address, data, 0, data.length, mask);
        } else {
            int block = (Integer) op[0];
            boolean[] pages = (boolean[]) op[1];
            if (pages == null) {
                target.erase(block);
            } else {
                target.erasePartially(block, pages);
            }
        }
    }

    private void alive() {
        if (dead) {
            throw new FlashException.PowerLost();
        }
    }
}
