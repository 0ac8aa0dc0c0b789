package io.qkdmodem.keystore.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNorFlashTest extends NorFlashContract {
    @TempDir Path dir;

    @Override
    NorFlash create() {
        return FileNorFlash.create(dir.resolve("c.img"), GEOMETRY);
    }

    @Test
    void reopenKeepsContentsGeometryAndEraseCounts() throws Exception {
        Path p = dir.resolve("r.img");
        try (FileNorFlash f = FileNorFlash.create(p, GEOMETRY)) {
            f.program(5, new byte[] {0x12}, 0, 1);
            f.erase(2);
            f.sync();
        }
        assertThat(Files.size(p)).isEqualTo(GEOMETRY.capacity() + 8 * 4 + 28 + 4);
        try (FileNorFlash f = FileNorFlash.open(p)) {
            assertThat(f.geometry()).isEqualTo(GEOMETRY);
            byte[] b = new byte[1];
            f.read(5, b, 0, 1);
            assertThat(b[0]).isEqualTo((byte) 0x12);
            assertThat(f.eraseCount(2)).isEqualTo(1);
        }
    }

    @Test
    void corruptTrailerOrForeignFileIsRefused() throws Exception {
        Path p = dir.resolve("t.img");
        FileNorFlash.create(p, GEOMETRY).close();
        byte[] all = Files.readAllBytes(p);
        all[all.length - 10] ^= 1;
        Files.write(p, all);
        assertThatThrownBy(() -> FileNorFlash.open(p)).isInstanceOf(FlashException.class);
        Path q = dir.resolve("q.img");
        Files.write(q, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FileNorFlash.open(q)).isInstanceOf(FlashException.class);
    }
}
