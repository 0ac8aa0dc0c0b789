package io.qkdmodem.keystore.flash;

/** Without faults armed, the wrapper is a plain NOR flash. */
class FaultyNorFlashContractTest extends NorFlashContract {
    @Override
    NorFlash create() {
        return new FaultyNorFlash(new InMemoryNorFlash(GEOMETRY), 1);
    }
}
