package io.qkdmodem.keystore.flash;

class InMemoryNorFlashTest extends NorFlashContract {
    @Override
    NorFlash create() {
        return new InMemoryNorFlash(GEOMETRY);
    }
}
