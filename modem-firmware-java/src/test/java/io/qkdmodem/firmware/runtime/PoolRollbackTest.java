package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth-pool rollback: the pool file's version is kept in a counter of the key store's log, so an
 * older copy of the pool file put back on the card is refused when the pool is opened.
 */
class PoolRollbackTest {
    static final byte[] DEV = new byte[32];

    static {
        Arrays.fill(DEV, (byte) 0x33);
    }

    static byte[] secret(int n) {
        byte[] s = new byte[n];
        for (int i = 0; i < n; i++) {
            s[i] = (byte) (i * 7 + 1);
        }
        return s;
    }

    static KeyStore store(InMemoryNorFlash flash, boolean format) {
        DeviceKey key = DeviceKey.of(DEV);
        return format
                ? FlashKeyStore.format(flash, key, KeyStoreConfig.defaults())
                : FlashKeyStore.mount(flash, key, KeyStoreConfig.defaults());
    }

    @Test
    void anOlderPoolFilePutBackIsRefusedAndTheCurrentOneOpens(@TempDir Path dir) throws Exception {
        InMemoryNorFlash flash = new InMemoryNorFlash(FlashGeometry.of(256, 4096, 16));
        Path f = dir.resolve("auth.pool");
        Path saved = dir.resolve("auth.pool.saved");
        try (KeyStore ks = store(flash, true);
                AuthKeyPool p =
                        AuthKeyPool.provision(f, secret(256), DEV, new KeyStorePoolWitness(ks))) {
            p.take(0, 32);
            Files.copy(f, saved); // the attacker's copy, with the keys at 32..95 still unused
            p.take(32, 32);
            p.take(64, 32);
            assertThat(ks.counter(KeyStorePoolWitness.COUNTER)).isEqualTo(4);
        }
        Files.copy(saved, f, StandardCopyOption.REPLACE_EXISTING);
        byte[] rolledBack = Files.readAllBytes(f);
        try (KeyStore ks = store(flash, false)) {
            assertThatThrownBy(() -> AuthKeyPool.open(f, DEV, new KeyStorePoolWitness(ks)))
                    .isInstanceOfSatisfying(
                            AuthPoolException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(AuthPoolException.Reason.ROLLBACK))
                    .hasMessageContaining("older copy");
            assertThat(Files.readAllBytes(f)).isEqualTo(rolledBack); // nothing changed
            assertThat(ks.counter(KeyStorePoolWitness.COUNTER)).isEqualTo(4);
        }
    }

    @Test
    void aRewriteCutBetweenWitnessAndFileStillOpens(@TempDir Path dir) throws Exception {
        InMemoryNorFlash flash = new InMemoryNorFlash(FlashGeometry.of(256, 4096, 16));
        Path f = dir.resolve("auth.pool");
        try (KeyStore ks = store(flash, true)) {
            KeyStorePoolWitness w = new KeyStorePoolWitness(ks);
            try (AuthKeyPool p = AuthKeyPool.provision(f, secret(256), DEV, w)) {
                p.take(0, 32);
            }
            // power cut after the witness recorded version 3, before the file was renamed
            w.record(3);
            try (AuthKeyPool p = AuthKeyPool.open(f, DEV, w)) {
                assertThat(p.position()).isEqualTo(32);
                p.take(32, 32); // writes version 3 again, then the witness stays at 3
            }
            assertThat(ks.counter(KeyStorePoolWitness.COUNTER)).isEqualTo(3);
            try (AuthKeyPool p = AuthKeyPool.open(f, DEV, w)) {
                assertThat(p.position()).isEqualTo(64);
            }
        }
    }

    @Test
    void aKeyStoreThatRecordedNothingAdoptsThePoolAndReProvisioningContinuesAbove(@TempDir Path dir)
            throws Exception {
        InMemoryNorFlash flash = new InMemoryNorFlash(FlashGeometry.of(256, 4096, 16));
        Path f = dir.resolve("auth.pool");
        try (AuthKeyPool p = AuthKeyPool.provision(f, secret(256), DEV)) {
            p.take(0, 32);
            p.take(32, 32);
        }
        try (KeyStore ks = store(flash, true)) {
            KeyStorePoolWitness w = new KeyStorePoolWitness(ks);
            try (AuthKeyPool p = AuthKeyPool.open(f, DEV, w)) {
                assertThat(ks.counter(KeyStorePoolWitness.COUNTER)).isEqualTo(3);
                p.take(64, 32);
            }
            assertThat(ks.counter(KeyStorePoolWitness.COUNTER)).isEqualTo(4);
            // the operator re-provisions the pool (a fresh auth secret on both boards)
            Files.delete(f);
            try (AuthKeyPool p = AuthKeyPool.provision(f, secret(128), DEV, w)) {
                assertThat(p.available()).isEqualTo(128);
            }
            assertThat(ks.counter(KeyStorePoolWitness.COUNTER)).isEqualTo(5);
            try (AuthKeyPool p = AuthKeyPool.open(f, DEV, w)) {
                assertThat(p.available()).isEqualTo(128);
            }
        }
    }

    // Review finding: a copy one version old passed the power-cut tolerance and handed out the
    // last tag key again.
    @Test
    void aCopyOneVersionOldDoesNotHandOutTheLastTagKeyAgain(@TempDir Path dir) throws Exception {
        InMemoryNorFlash flash = new InMemoryNorFlash(FlashGeometry.of(256, 4096, 16));
        Path f = dir.resolve("auth.pool");
        Path saved = dir.resolve("auth.pool.saved");
        byte[] used;
        try (KeyStore ks = store(flash, true);
                AuthKeyPool p =
                        AuthKeyPool.provision(f, secret(256), DEV, new KeyStorePoolWitness(ks))) {
            p.take(0, 32);
            Files.copy(f, saved); // the attacker's copy, just before the last take
            used = p.take(32, 32);
        }
        Files.copy(saved, f, StandardCopyOption.REPLACE_EXISTING);
        try (KeyStore ks = store(flash, false);
                AuthKeyPool p = AuthKeyPool.open(f, DEV, new KeyStorePoolWitness(ks))) {
            assertThat(p.position()).isEqualTo(64);
            long next = p.nextUsable(0, 32);
            byte[] again = p.take(next, 32);
            assertThat(again).isNotEqualTo(used);
            assertThat(next).isEqualTo(64);
            assertThatThrownBy(() -> p.take(32, 32))
                    .isInstanceOfSatisfying(
                            AuthPoolException.class,
                            e -> assertThat(e.reason()).isEqualTo(AuthPoolException.Reason.REUSE));
        }
    }
}
