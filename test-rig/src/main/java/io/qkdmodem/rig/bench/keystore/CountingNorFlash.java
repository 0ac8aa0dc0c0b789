package io.qkdmodem.rig.bench.keystore;

import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.NorFlash;

/** Counts what reaches the device: programmed bytes, erases, syncs. */
final class CountingNorFlash implements NorFlash {
    private final NorFlash inner;
    long programmedBytes;
    long erases;
    long syncs;

    CountingNorFlash(NorFlash inner) {
        this.inner = inner;
    }

    @Override
    public FlashGeometry geometry() {
        return inner.geometry();
    }

    @Override
    public void read(long address, byte[] dst, int off, int len) {
        inner.read(address, dst, off, len);
    }

    @Override
    public void program(long address, byte[] src, int off, int len) {
        programmedBytes += len;
        inner.program(address, src, off, len);
    }

    @Override
    public void erase(int block) {
        erases++;
        inner.erase(block);
    }

    @Override
    public long eraseCount(int block) {
        return inner.eraseCount(block);
    }

    @Override
    public void sync() {
        syncs++;
        inner.sync();
    }

    @Override
    public void close() {
        inner.close();
    }
}
