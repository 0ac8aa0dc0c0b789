package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.KeyFiles;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.firmware.config.Role;
import io.qkdmodem.keystore.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted pool file must not be rebuilt from the same secret: the rebuilt pool would start at
 * position 0 again and hand out tag keys that were used already.
 */
class PoolReprovisionTest {

    static FirmwareConfig config(Path dir, Path secretFile) throws Exception {
        Path key = dir.resolve("device.key");
        if (!Files.exists(key)) {
            byte[] k = new byte[32];
            Arrays.fill(k, (byte) 7);
            KeyFiles.writeSecretHex(key, k);
        }
        return FirmwareConfig.builder(Role.ALICE, "alice-1")
                .peer(PeerLinkSpec.tcpListen("127.0.0.1", 7001))
                .flash(dir.resolve("flash.img"), FirmwareConfig.defaultGeometry(), key)
                .authPool(dir.resolve("auth.pool"), secretFile)
                .build();
    }

    static Path secretFile(Path dir, String name, int seed) throws Exception {
        byte[] s = new byte[256];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (i * 13 + seed);
        }
        Path f = dir.resolve(name);
        KeyFiles.writeSecretHex(f, s);
        return f;
    }

    @Test
    void aDeletedPoolFileIsNotRebuiltFromTheSameSecret(@TempDir Path dir) throws Exception {
        FirmwareConfig cfg = config(dir, secretFile(dir, "auth.secret", 1));
        byte[] first;
        try (KeyStore ks = Firmware.openKeyStore(cfg);
                AuthKeyPool p = Firmware.Builder.openPool(cfg, new KeyStorePoolWitness(ks))) {
            first = p.take(0, 32); // a tag key used on the link
        }
        Files.delete(cfg.authPoolFile());
        try (KeyStore ks = Firmware.openKeyStore(cfg)) {
            assertThatThrownBy(() -> Firmware.Builder.openPool(cfg, new KeyStorePoolWitness(ks)))
                    .hasMessageContaining("ROLLBACK")
                    .hasMessageContaining("NEW auth secret");
            assertThat(Files.exists(cfg.authPoolFile())).isFalse();
            // provisioning the same secret on purpose is refused as well
            byte[] secret = KeyFiles.readSecret(cfg.authSecretFile(), 32, -1);
            byte[] dev = Firmware.deviceKeyBytes(cfg);
            assertThatThrownBy(
                            () ->
                                    AuthKeyPool.provision(
                                            cfg.authPoolFile(),
                                            secret,
                                            dev,
                                            new KeyStorePoolWitness(ks)))
                    .isInstanceOfSatisfying(
                            AuthPoolException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(AuthPoolException.Reason.ROLLBACK))
                    .hasMessageContaining("NEW secret");
            assertThat(Files.exists(cfg.authPoolFile())).isFalse();
            // a fresh secret is accepted
            byte[] fresh = KeyFiles.readSecret(secretFile(dir, "new.secret", 2), 32, -1);
            try (AuthKeyPool p =
                    AuthKeyPool.provision(
                            cfg.authPoolFile(), fresh, dev, new KeyStorePoolWitness(ks))) {
                assertThat(p.take(0, 32)).isNotEqualTo(first);
            }
        }
    }
}
