package io.qkdmodem.keystore.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The NOR rules every {@link NorFlash} must keep; one five-line subclass per implementation. */
abstract class NorFlashContract {
    static final FlashGeometry GEOMETRY = new FlashGeometry(128, 1024, 4, 3);

    /** A fresh, fully erased device of {@link #GEOMETRY}. */
    abstract NorFlash create() throws Exception;

    private static byte[] read(NorFlash f, long addr, int len) {
        byte[] b = new byte[len];
        f.read(addr, b, 0, len);
        return b;
    }

    @Test
    void startsErased() throws Exception {
        try (NorFlash f = create()) {
            byte[] all = read(f, 0, (int) GEOMETRY.capacity());
            for (byte b : all) {
                assertThat(b).isEqualTo((byte) 0xFF);
            }
        }
    }

    @Test
    void programOnlyClearsBits() throws Exception {
        try (NorFlash f = create()) {
            f.program(100, new byte[] {(byte) 0xF0, 0x0F}, 0, 2);
            assertThat(read(f, 100, 2)).containsExactly((byte) 0xF0, (byte) 0x0F);
            // Programming again with fewer ones is allowed (AND), e.g. zeroizing.
            f.program(100, new byte[] {(byte) 0x30, 0x00}, 0, 2);
            assertThat(read(f, 100, 2)).containsExactly((byte) 0x30, (byte) 0x00);
            // A 1 over a stored 0 is a violation, and nothing of that program is written.
            assertThatThrownBy(() -> f.program(99, new byte[] {0x00, (byte) 0x31}, 0, 2))
                    .isInstanceOf(FlashException.ProgramViolation.class);
            assertThat(read(f, 99, 2)).containsExactly((byte) 0xFF, (byte) 0x30);
        }
    }

    @Test
    void eraseSetsTheWholeBlockAndCountsUpToEndurance() throws Exception {
        try (NorFlash f = create()) {
            byte[] zeros = new byte[GEOMETRY.blockSize() * 2];
            f.program(0, zeros, 0, zeros.length);
            f.erase(1);
            byte[] b1 = read(f, GEOMETRY.blockAddress(1), GEOMETRY.blockSize());
            byte[] ff = new byte[GEOMETRY.blockSize()];
            Arrays.fill(ff, (byte) 0xFF);
            assertThat(b1).isEqualTo(ff);
            assertThat(read(f, GEOMETRY.blockAddress(1) - 1, 1)).containsExactly(0);
            assertThat(f.eraseCount(1)).isEqualTo(1);
            assertThat(f.eraseCount(0)).isZero();
            f.erase(1);
            f.erase(1);
            assertThatThrownBy(() -> f.erase(1)).isInstanceOf(FlashException.WornOut.class);
            assertThat(f.eraseCount(1)).isEqualTo(3);
        }
    }

    @Test
    void rangesAreChecked() throws Exception {
        try (NorFlash f = create()) {
            assertThatThrownBy(() -> f.read(GEOMETRY.capacity() - 1, new byte[2], 0, 2))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> f.program(-1, new byte[1], 0, 1))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> f.erase(4)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
