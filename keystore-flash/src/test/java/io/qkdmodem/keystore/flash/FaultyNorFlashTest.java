package io.qkdmodem.keystore.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultyNorFlashTest {
    static final FlashGeometry G = new FlashGeometry(64, 512, 4, 100);

    private static byte[] image(FaultyNorFlash f) {
        return f.survivingImage().snapshot();
    }

    @Test
    void cutAfterNBytesTearsTheCurrentPageOnly() {
        FaultyNorFlash f =
                new FaultyNorFlash(new InMemoryNorFlash(G), 7).cutAfterProgrammedBytes(100);
        f.program(0, new byte[90], 0, 90);
        byte[] data = new byte[200];
        assertThatThrownBy(() -> f.program(90, data, 0, 200))
                .isInstanceOf(FlashException.PowerLost.class);
        assertThatThrownBy(() -> f.read(0, new byte[1], 0, 1))
                .isInstanceOf(FlashException.PowerLost.class);
        byte[] img = image(f);
        for (int i = 0; i < 100; i++) {
            assertThat(img[i]).as("byte %d before the cut", i).isZero();
        }
        // Bytes 100..127 (rest of page 1) are partly programmed; page 2 onwards untouched.
        int partial = 0;
        for (int i = 100; i < 128; i++) {
            partial += img[i] != (byte) 0xFF ? 1 : 0;
        }
        assertThat(partial).isBetween(1, 28);
        for (int i = 128; i < 290; i++) {
            assertThat(img[i]).as("byte %d after the torn page", i).isEqualTo((byte) 0xFF);
        }
    }

    @Test
    void tornEraseLeavesSomePagesOld() {
        InMemoryNorFlash inner = new InMemoryNorFlash(G);
        inner.program(0, new byte[512], 0, 512);
        FaultyNorFlash f = new FaultyNorFlash(inner, 3).cutAtErase(0, FaultyNorFlash.EraseCut.TORN);
        assertThatThrownBy(() -> f.erase(0)).isInstanceOf(FlashException.PowerLost.class);
        byte[] img = image(f);
        int erasedPages = 0;
        for (int p = 0; p < 8; p++) {
            erasedPages += img[p * 64] == (byte) 0xFF ? 1 : 0;
        }
        assertThat(erasedPages).isBetween(1, 7);
    }

    @Test
    void eraseCutBeforeAndAfter() {
        InMemoryNorFlash a = new InMemoryNorFlash(G);
        a.program(0, new byte[1], 0, 1);
        FaultyNorFlash before =
                new FaultyNorFlash(a, 1).cutAtErase(0, FaultyNorFlash.EraseCut.BEFORE);
        assertThatThrownBy(() -> before.erase(0)).isInstanceOf(FlashException.PowerLost.class);
        assertThat(image(before)[0]).isZero();
        InMemoryNorFlash b = new InMemoryNorFlash(G);
        b.program(0, new byte[1], 0, 1);
        FaultyNorFlash after =
                new FaultyNorFlash(b, 1).cutAtErase(0, FaultyNorFlash.EraseCut.AFTER);
        assertThatThrownBy(() -> after.erase(0)).isInstanceOf(FlashException.PowerLost.class);
        assertThat(image(after)[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void writeCacheLosesOrReordersOnlyUnsyncedWrites() {
        int lostSomething = 0;
        for (int seed = 0; seed < 20; seed++) {
            FaultyNorFlash f = new FaultyNorFlash(new InMemoryNorFlash(G), seed).enableWriteCache();
            f.program(0, new byte[] {0x11}, 0, 1);
            f.sync();
            for (int i = 1; i <= 8; i++) {
                f.program(i, new byte[] {0x22}, 0, 1);
            }
            byte[] seen = new byte[9];
            f.read(0, seen, 0, 9);
            assertThat(seen[8]).isEqualTo((byte) 0x22); // reads see the cache
            f.cutNow();
            byte[] img = image(f);
            assertThat(img[0]).isEqualTo((byte) 0x11);
            for (int i = 1; i <= 8; i++) {
                assertThat(img[i]).isIn((byte) 0x22, (byte) 0xFF);
                lostSomething += img[i] == (byte) 0xFF ? 1 : 0;
            }
        }
        assertThat(lostSomething).isPositive();
    }

    @Test
    void readFlipsAreTransient() {
        FaultyNorFlash f = new FaultyNorFlash(new InMemoryNorFlash(G), 5).flipBitsOnRead(1.0);
        byte[] b = new byte[16];
        f.read(0, b, 0, 16);
        int ones = 0;
        for (byte x : b) {
            ones += Integer.bitCount(x & 0xFF);
        }
        assertThat(ones).isEqualTo(16 * 8 - 1);
        assertThat(f.survivingImage().snapshot()[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void recordsOperationsWithTheirBytePositions() {
        FaultyNorFlash f = new FaultyNorFlash(new InMemoryNorFlash(G), 1).recordOperations();
        f.program(0, new byte[10], 0, 10);
        f.erase(1);
        f.program(600, new byte[5], 0, 5);
        assertThat(f.log())
                .extracting(FaultyNorFlash.Op::erase)
                .containsExactly(false, true, false);
        assertThat(f.log().get(2).bytesBefore()).isEqualTo(10);
        assertThat(f.programmedBytes()).isEqualTo(15);
    }
}
