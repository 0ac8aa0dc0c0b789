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

    static AuthPoolException.Reason reasonOf(ThrowingRunnable r) {
        try {
            r.run();
        } catch (AuthPoolException e) {
            return e.reason();
        }
        throw new AssertionError("no AuthPoolException");
    }

    interface ThrowingRunnable {
        void run() throws AuthPoolException;
    }

    @Test
    void placingIsIdempotentAndSurvivesReopen(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("auth.pool");
        long at = AuthKeyPool.replenishAddress(7, 0);
        byte[] slice = marked(100, 7);
        try (AuthKeyPool p = AuthKeyPool.provision(f, secret(64), DEV)) {
            assertThat(p.place(at, slice)).isEqualTo(AuthKeyPool.Placement.PLACED);
            assertThat(p.place(at, slice)).isEqualTo(AuthKeyPool.Placement.HELD);
            assertThat(reasonOf(() -> p.place(at, marked(100, 8))))
                    .isEqualTo(AuthPoolException.Reason.CONFLICT);
            assertThat(reasonOf(() -> p.place(at + 50, marked(10, 9))))
                    .isEqualTo(AuthPoolException.Reason.CONFLICT);
            assertThat(p.end()).isEqualTo(at + 100);
            assertThat(p.available()).isEqualTo(164);
        }
        try (AuthKeyPool p = AuthKeyPool.open(f, DEV)) {
            assertThat(p.place(at, slice)).isEqualTo(AuthKeyPool.Placement.HELD);
            assertThat(p.available()).isEqualTo(164);
            assertThat(p.take(at, 32)).isEqualTo(Arrays.copyOf(slice, 32));
            // once the position has passed it, a late copy is acknowledged and ignored
            assertThat(p.place(at, slice)).isEqualTo(AuthKeyPool.Placement.PASSED);
            assertThat(p.place(AuthKeyPool.replenishAddress(6, 0), slice))
                    .isEqualTo(AuthKeyPool.Placement.PASSED);
            assertThat(p.available()).isEqualTo(68);
        }
    }

    /**
     * Audit finding 11: the two modems receive the same slices in different orders, and one never
     * receives one of them. Alice picks each block's keys as the firmware does (the first whole
     * window at or after both positions) and Bob reads them at the offset she names: every window
     * either matches byte for byte or is a gap at Bob (the block is refused and both move on);
     * after the gap everything matches again.
     */
    @Test
    void slicesPlacedInAnyOrderOrLostKeepThePoolsAligned() throws Exception {
        byte[] secret = marked(64, 1);
        AuthKeyPool alice = AuthKeyPool.inMemory(secret);
        AuthKeyPool bob = AuthKeyPool.inMemory(secret);
        byte[][] slices = new byte[5][];
        for (int i = 0; i < slices.length; i++) {
            slices[i] = marked(64, 100 + i);
        }
        // Alice's agent: handshakes 0..4 in order. Bob's: 4, 2, 0, 1 (3 lost on his LAN).
        for (int i : new int[] {0, 1, 2, 3, 4}) {
            alice.place(AuthKeyPool.replenishAddress(10 + i, 0), slices[i]);
        }
        for (int i : new int[] {4, 2, 0, 1}) {
            bob.place(AuthKeyPool.replenishAddress(10 + i, 0), slices[i]);
        }
        int matched = 0;
        int gaps = 0;
        while (true) {
            long offset;
            try {
                offset = alice.nextUsable(Math.max(alice.position(), bob.position()), 32);
            } catch (AuthPoolException e) {
                assertThat(e.reason()).isEqualTo(AuthPoolException.Reason.EMPTY);
                break;
            }
            byte[] a = alice.take(offset, 32);
            try {
                assertThat(bob.take(offset, 32)).isEqualTo(a);
                matched++;
            } catch (AuthPoolException e) {
                assertThat(e.reason()).isEqualTo(AuthPoolException.Reason.MISSING);
                long lost = AuthKeyPool.replenishAddress(13, 0);
                assertThat(offset).isBetween(lost, lost + 32);
                gaps++;
            }
        }
        // 2 windows of the secret + 2 per slice, minus the 2 of the slice Bob never got
        assertThat(matched).isEqualTo(2 + 2 * 4);
        assertThat(gaps).isEqualTo(2);
        // the lost slice arriving late changes nothing
        assertThat(bob.place(AuthKeyPool.replenishAddress(13, 0), slices[3]))
                .isEqualTo(AuthKeyPool.Placement.PASSED);
    }

    @Test
    void aGapIsMissingNotEmptyAndNextUsableSkipsIt() throws Exception {
        AuthKeyPool p = AuthKeyPool.inMemory(secret(40));
        long far = AuthKeyPool.replenishAddress(3, 0);
        p.place(far, secret(32));
        assertThat(reasonOf(() -> p.peek(40, 32))).isEqualTo(AuthPoolException.Reason.MISSING);
        assertThat(reasonOf(() -> p.take(16, 32))).isEqualTo(AuthPoolException.Reason.MISSING);
        assertThat(p.nextUsable(0, 32)).isZero();
        assertThat(p.nextUsable(8, 32)).isEqualTo(8);
        assertThat(p.nextUsable(9, 32)).isEqualTo(far); // 31 bytes left there: not a window
        assertThat(reasonOf(() -> p.take(far + 1, 32))).isEqualTo(AuthPoolException.Reason.EMPTY);
        assertThat(p.position()).isZero(); // nothing changed
        assertThat(p.take(far, 32)).isEqualTo(secret(32));
        assertThat(p.available()).isZero();
        assertThat(reasonOf(() -> p.nextUsable(0, 32))).isEqualTo(AuthPoolException.Reason.EMPTY);
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
            p.place(AuthKeyPool.replenishAddress(9, 0), extra);
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
            assertThat(p.end()).isEqualTo(AuthKeyPool.replenishAddress(9, 0) + 300);
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
        }
        byte[] now = Files.readAllBytes(f);
        assertThat(new String(now, 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("QKDAUTH3");
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
