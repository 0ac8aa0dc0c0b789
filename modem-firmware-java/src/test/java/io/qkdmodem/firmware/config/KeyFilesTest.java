package io.qkdmodem.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @Test
    void writeThenReadRoundTripsEverySizeAndByteValue(@TempDir Path dir) throws Exception {
        long seed = 20261126L;
        SplittableRandom r = new SplittableRandom(seed);
        for (int n : new int[] {1, 16, 32, 33, 256, 8192}) {
            byte[] s = new byte[n];
            r.nextBytes(s);
            if (n == 256) {
                for (int i = 0; i < 256; i++) {
                    s[i] = (byte) i;
                }
            }
            Path f = dir.resolve("k" + n);
            KeyFiles.writeSecretHex(f, s);
            // the file is lower-case hex and a newline, as java.util.HexFormat spells it
            assertThat(Files.readString(f, StandardCharsets.US_ASCII))
                    .as("seed %d", seed)
                    .isEqualTo(HexFormat.of().formatHex(s) + "\n");
            assertThat(KeyFiles.readSecret(f, n, n)).as("seed %d", seed).isEqualTo(s);
        }
    }

    @Test
    void decodeAcceptsHexWithWhitespaceAndEitherCaseElseTakesTheBytesRaw() {
        assertThat(KeyFiles.decode(ascii(" 0a Ff\n\t10\r\n"))).containsExactly(0x0a, 0xff, 0x10);
        assertThat(KeyFiles.decode(ascii("ABcd"))).containsExactly(0xab, 0xcd);
        // odd digit count, a non-hex character, nothing but space: raw bytes
        assertThat(KeyFiles.decode(ascii("abc"))).isEqualTo(ascii("abc"));
        assertThat(KeyFiles.decode(ascii("abcg"))).isEqualTo(ascii("abcg"));
        assertThat(KeyFiles.decode(ascii(" \n"))).isEqualTo(ascii(" \n"));
        byte[] raw = {0, (byte) 0x80, (byte) 0xff, 0x30};
        assertThat(KeyFiles.decode(raw)).isEqualTo(raw).isNotSameAs(raw);
    }

    @Test
    void encodeHexMatchesHexFormat() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(new String(KeyFiles.encodeHex(all), StandardCharsets.US_ASCII))
                .isEqualTo(HexFormat.of().formatHex(all) + "\n");
    }

    @Test
    void aSecretFileIsCreatedOwnerOnlyAndNeverOverwritten(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "needs a POSIX file system");
        Path f = dir.resolve("sub/device.key");
        KeyFiles.writeSecretHex(f, new byte[32]);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");
        assertThat(KeyFiles.readableByOthers(f)).isFalse();
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> KeyFiles.writeSecretHex(f, new byte[] {1, 2}))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KeyFiles.readableByOthers(f)).isTrue();
    }

    @Test
    void sizeErrorsNameTheFileNotTheContent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("short.key");
        KeyFiles.writeSecretHex(f, new byte[] {(byte) 0xde, (byte) 0xad});
        assertThatThrownBy(() -> KeyFiles.readSecret(f, 32, 32))
                .hasMessageContaining("short.key")
                .hasMessageContaining("2 bytes")
                .hasMessageNotContaining("dead");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
