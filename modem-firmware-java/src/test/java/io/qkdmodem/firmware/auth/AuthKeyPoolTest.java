package io.qkdmodem.firmware.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeyPoolTest {
    static final byte[] DEV = new byte[32];

    static {
        Arrays.fill(DEV, (byte) 0x5a);
    }

    static byte[] secret(int n) {
        byte[] s = new byte[n];
        for (int i = 0; i < n; i++) {
            s[i] = (byte) i;
        }
        return s;
    }

    @Test
    void takeIsDurableAndNeverGivesAKeyTwice(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("auth.pool");
        try (AuthKeyPool p = AuthKeyPool.provision(f, secret(128), DEV)) {
            assertThat(p.take(0, 32)).isEqualTo(java.util.Arrays.copyOfRange(secret(128), 0, 32));
            assertThat(p.take(64, 32)[0]).isEqualTo((byte) 64); // skips 32..63
            assertThat(p.position()).isEqualTo(96);
        }
        try (AuthKeyPool p = AuthKeyPool.open(f, DEV)) {
            assertThat(p.position()).isEqualTo(96);
            assertThat(p.available()).isEqualTo(32);
            assertThatThrownBy(() -> p.take(32, 32))
                    .isInstanceOfSatisfying(
                            AuthPoolException.class,
                            e -> assertThat(e.reason()).isEqualTo(AuthPoolException.Reason.REUSE));
            assertThatThrownBy(() -> p.take(96, 64))
                    .isInstanceOfSatisfying(
                            AuthPoolException.class,
                            e -> assertThat(e.reason()).isEqualTo(AuthPoolException.Reason.EMPTY));
            assertThat(p.position()).isEqualTo(96);
        }
    }

    @Test
    void replenishIsIdempotentPerRequestAndSurvivesReopen(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("auth.pool");
        try (AuthKeyPool p = AuthKeyPool.provision(f, secret(64), DEV)) {
            assertThat(p.replenish(7, new byte[100])).isTrue();
            assertThat(p.replenish(7, new byte[100])).isFalse();
            assertThat(p.end()).isEqualTo(164);
        }
        try (AuthKeyPool p = AuthKeyPool.open(f, DEV)) {
            assertThat(p.replenish(7, new byte[100])).isFalse();
            assertThat(p.end()).isEqualTo(164);
        }
    }

    @Test
    void aCorruptFileIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("auth.pool");
        AuthKeyPool.provision(f, secret(64), DEV).close();
        byte[] raw = Files.readAllBytes(f);
        raw[40] ^= 1;
        Files.write(f, raw);
        assertThatThrownBy(() -> AuthKeyPool.open(f, DEV)).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> AuthKeyPool.provision(f, secret(64), DEV))
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(AuthKeyPool.inMemory(secret(64)).toString())
                .isEqualTo("AuthKeyPool[position=0, available=64]");
    }

    /** Whether {@code needle} occurs in {@code hay}. */
    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A recognisable secret: no 8-byte window of it is likely to appear in ciphertext. */
    static byte[] marked(int n, long seed) {
        byte[] s = new byte[n];
        new java.util.Random(seed).nextBytes(s);
        return s;
    }

    @Test
    void theFileHoldsNoPoolBytesInClearAndEveryRewriteChangesItWhole(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("auth.pool");
        byte[] s = marked(256, 42);
        byte[] extra = marked(300, 43);
        byte[] first;
        try (AuthKeyPool p = AuthKeyPool.provision(f, s, DEV)) {
            first = Files.readAllBytes(f);
            p.take(0, 32);
            p.replenish(9, extra);
            byte[] now = Files.readAllBytes(f);
            for (byte[] file : new byte[][] {first, now}) {
                for (int i = 0; i + 8 <= s.length; i += 8) {
                    assertThat(contains(file, Arrays.copyOfRange(s, i, i + 8)))
                            .as("pool bytes %d..%d in clear", i, i + 8)
                            .isFalse();
                }
                for (int i = 0; i + 8 <= extra.length; i += 8) {
                    assertThat(contains(file, Arrays.copyOfRange(extra, i, i + 8))).isFalse();
                }
            }
            // fresh salt and nonce per rewrite (bytes 32..59)
            assertThat(contains(now, Arrays.copyOfRange(first, 32, 48))).isFalse();
            assertThat(contains(now, Arrays.copyOfRange(first, 48, 60))).isFalse();
            assertThat(ByteBuffer.wrap(now, 8, 8).getLong())
                    .isEqualTo(ByteBuffer.wrap(first, 8, 8).getLong() + 2);
        }
        try (AuthKeyPool p = AuthKeyPool.open(f, DEV)) {
            assertThat(p.take(32, 8)).isEqualTo(Arrays.copyOfRange(s, 32, 40));
            assertThat(p.end()).isEqualTo(556);
        }
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void anyTamperedByteIsDetected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("auth.pool");
        AuthKeyPool.provision(f, secret(64), DEV).close();
        byte[] good = Files.readAllBytes(f);
        // version, salt, nonce, ciphertext, tag (the key check field is covered below)
        for (int at : new int[] {8, 15, 32, 47, 48, 59, 60, 100, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x01;
            Files.write(f, bad);
            assertThatThrownBy(() -> AuthKeyPool.open(f, DEV))
                    .as("byte %d", at)
                    .isInstanceOfSatisfying(
                            AuthPoolException.class,
                            e -> {
                                assertThat(e.reason()).isEqualTo(AuthPoolException.Reason.STORAGE);
                                assertThat(e).hasMessageContaining("altered");
                            });
        }
        Files.write(f, Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> AuthKeyPool.open(f, DEV)).hasMessageContaining("altered");
        Files.write(f, good);
        try (AuthKeyPool p = AuthKeyPool.open(f, DEV)) {
            assertThat(p.available()).isEqualTo(64);
        }
    }

    @Test
    void aWrongDeviceKeyIsAClearTypedError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("auth.pool");
        AuthKeyPool.provision(f, secret(64), DEV).close();
        byte[] before = Files.readAllBytes(f);
        byte[] other = DEV.clone();
        other[31] ^= 1;
        assertThatThrownBy(() -> AuthKeyPool.open(f, other))
                .isInstanceOfSatisfying(
                        AuthPoolException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(AuthPoolException.Reason.WRONG_DEVICE_KEY))
                .hasMessageContaining("device key");
        assertThatThrownBy(() -> AuthKeyPool.open(f, new byte[16]))
                .hasMessageContaining("device key must hold 32 bytes");
        assertThat(Files.readAllBytes(f)).isEqualTo(before); // nothing changed
    }

    /** The pre-encryption file format (QKDAUTH1), as the firmware wrote it before. */
    static byte[] oldFormat(long position, long[] ids, byte[] unused) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(28 + 8 * ids.length + unused.length + 4);
        b.put(new byte[] {'Q', 'K', 'D', 'A', 'U', 'T', 'H', '1'});
        b.putLong(position).putLong(position + unused.length).putInt(ids.length);
        for (long id : ids) {
            b.putLong(id);
        }
        b.put(unused);
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, b.position());
        b.putInt((int) c.getValue());
        o.writeBytes(b.array());
        return o.toByteArray();
    }

    @Test
    void anOldPlaintextPoolIsMigratedToTheEncryptedFormatOnOpen(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("auth.pool");
        byte[] s = marked(128, 44);
        Files.write(f, oldFormat(64, new long[] {7, 8}, s));
        try (AuthKeyPool p = AuthKeyPool.open(f, DEV)) {
            assertThat(p.position()).isEqualTo(64);
            assertThat(p.end()).isEqualTo(192);
            assertThat(p.replenish(8, new byte[10])).isFalse(); // ids kept
        }
        byte[] now = Files.readAllBytes(f);
        assertThat(new String(now, 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("QKDAUTH2");
        for (int i = 0; i + 8 <= s.length; i += 8) {
            assertThat(contains(now, Arrays.copyOfRange(s, i, i + 8))).isFalse();
        }
        try (AuthKeyPool p = AuthKeyPool.open(f, DEV)) {
            assertThat(p.take(64, 8)).isEqualTo(Arrays.copyOf(s, 8));
        }
        // a damaged old file is refused, not migrated
        byte[] bad = oldFormat(0, new long[0], s);
        bad[40] ^= 1;
        Files.write(f, bad);
        assertThatThrownBy(() -> AuthKeyPool.open(f, DEV))
                .hasMessageContaining("old plaintext format")
                .hasMessageContaining("corrupt");
    }
}
