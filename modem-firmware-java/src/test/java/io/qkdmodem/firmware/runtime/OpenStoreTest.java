package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** How the firmware opens its flash image: it formats only what it created itself. */
class OpenStoreTest {
    FirmwareConfig config(Path dir) throws Exception {
        Path key = dir.resolve("device.key");
        if (!Files.exists(key)) {
            byte[] k = new byte[32];
            Arrays.fill(k, (byte) 7);
            KeyFiles.writeSecretHex(key, k);
        }
        return FirmwareConfig.builder(Role.ALICE, "alice-1")
                .peer(PeerLinkSpec.tcpListen("127.0.0.1", 7001))
                .flash(dir.resolve("flash.img"), FirmwareConfig.defaultGeometry(), key)
                .authPool(dir.resolve("auth.pool"), null)
                .build();
    }

    // AUDIT finding 3: an existing image that did not mount was formatted with only a WARN.
    @Test
    void anExistingImageThatDoesNotMountIsNeverFormattedSilently(@TempDir Path dir)
            throws Exception {
        FirmwareConfig cfg = config(dir);
        try (KeyStore ks = Firmware.openKeyStore(cfg)) {
            assertThat(Files.exists(cfg.flashImage())).isTrue();
        }
        // damage the header region (the first two erase blocks)
        byte[] image = Files.readAllBytes(cfg.flashImage());
        Arrays.fill(image, 0, 2 * 64 * 1024, (byte) 0x5A);
        Files.write(cfg.flashImage(), image);

        assertThatThrownBy(() -> Firmware.openKeyStore(cfg))
                .isInstanceOf(FirmwareException.class)
                .hasMessageContaining("refusing to format")
                .hasMessageContaining("provision --format-flash")
                .hasMessageNotContaining("\n");
        assertThat(Files.readAllBytes(cfg.flashImage())).isEqualTo(image);

        // the explicit request formats it
        try (KeyStore ks = Firmware.openOrFormatKeyStore(cfg)) {
            assertThat(ks.stats().availableBits()).isZero();
        }
        try (KeyStore ks = Firmware.openKeyStore(cfg)) {
            assertThat(ks.stats().availableBits()).isZero();
        }
    }

    // AUDIT finding 5: a builder-made config with a flash image and no key file got the all-zero
    // device key.
    @Test
    void aFlashImageWithoutADeviceKeyFileIsRejected(@TempDir Path dir) {
        FirmwareConfig.Builder b =
                FirmwareConfig.builder(Role.ALICE, "alice-1")
                        .peer(PeerLinkSpec.tcpListen("127.0.0.1", 7001))
                        .flash(dir.resolve("flash.img"), FirmwareConfig.defaultGeometry(), null)
                        .authPool(dir.resolve("auth.pool"), null);
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("device key file");
        // an in-memory flash may still run without one
        assertThat(b.flash(null, FirmwareConfig.defaultGeometry(), null).build().flashImage())
                .isNull();
    }

    // AUDIT finding 5: the array read from the device key file was dropped without being wiped.
    @Test
    void theDeviceKeyBytesReadFromTheFileAreWiped() {
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) 0x42);
        Firmware.Builder.deviceKeyOf(raw).destroy();
        assertThat(raw).containsOnly(0);
        byte[] wrong = new byte[31];
        Arrays.fill(wrong, (byte) 0x42);
        assertThatThrownBy(() -> Firmware.Builder.deviceKeyOf(wrong))
                .isInstanceOf(RuntimeException.class);
        assertThat(wrong).containsOnly(0);
    }
}
