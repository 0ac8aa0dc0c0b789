package io.qkdmodem.firmware.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeyPoolTest {
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
        try (AuthKeyPool p = AuthKeyPool.provision(f, secret(128))) {
            assertThat(p.take(0, 32)).isEqualTo(java.util.Arrays.copyOfRange(secret(128), 0, 32));
            assertThat(p.take(64, 32)[0]).isEqualTo((byte) 64); // skips 32..63
            assertThat(p.position()).isEqualTo(96);
        }
        try (AuthKeyPool p = AuthKeyPool.open(f)) {
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
        try (AuthKeyPool p = AuthKeyPool.provision(f, secret(64))) {
            assertThat(p.replenish(7, new byte[100])).isTrue();
            assertThat(p.replenish(7, new byte[100])).isFalse();
            assertThat(p.end()).isEqualTo(164);
        }
        try (AuthKeyPool p = AuthKeyPool.open(f)) {
            assertThat(p.replenish(7, new byte[100])).isFalse();
            assertThat(p.end()).isEqualTo(164);
        }
    }

    @Test
    void aCorruptFileIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("auth.pool");
        AuthKeyPool.provision(f, secret(64)).close();
        byte[] raw = Files.readAllBytes(f);
        raw[40] ^= 1;
        Files.write(f, raw);
        assertThatThrownBy(() -> AuthKeyPool.open(f)).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> AuthKeyPool.provision(f, secret(64)))
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(AuthKeyPool.inMemory(secret(64)).toString())
                .isEqualTo("AuthKeyPool[position=0, available=64]");
    }
}
