package io.qkdmodem.firmware.config;

import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.keystore.flash.FlashGeometry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one firmware instance needs, already validated (build it with {@link #builder} or read
 * it from a file with {@link ConfigFile}). A null flash image means an in-memory flash, a null auth
 * pool file an in-memory pool started from {@code authSecretFile} (simulations, the rig's
 * in-process demo).
 *
 * @param role Alice or Bob
 * @param deviceId this board's id (printable, 1-64 bytes)
 * @param hal the hal settings ({@code hal.backend}, {@code hal.entropy}, {@code sim.*}, ...)
 * @param peer the modem-to-modem link
 * @param hostSerialPath the serial port of the paired host agent, or null for no host server
 * @param hostBaud its speed
 * @param pairingSecretFile the host pairing secret (needed with a host serial port)
 * @param flashImage the flash image file, or null for an in-memory flash
 * @param flashGeometry the flash geometry (used when the image is created)
 * @param deviceKeyFile the 32-byte device key of the store (hex or raw), required with a flash
 *     image; null only with an in-memory flash (which then uses a fixed all-zero key)
 * @param authPoolFile the auth pool file (created by {@code provision}), or null for in memory
 * @param authSecretFile the provisioned secret, read at start when there is no pool file yet (or
 *     when the pool is in memory)
 * @param stateFile where block and frame numbering hints are kept, or null
 * @param sifting the sifting settings (frame size, intensities, basis bias, blocks, monitor)
 * @param frameTimeout how long Bob waits for a frame from the optics and either side for an answer
 * @param reconnectInterval pause between attempts to bring a link back
 */
public record FirmwareConfig(
        Role role,
        String deviceId,
        HalConfig hal,
        PeerLinkSpec peer,
        String hostSerialPath,
        int hostBaud,
        Path pairingSecretFile,
        Path flashImage,
        FlashGeometry flashGeometry,
        Path deviceKeyFile,
        Path authPoolFile,
        Path authSecretFile,
        Path stateFile,
        SiftingSettings sifting,
        Duration frameTimeout,
        Duration reconnectInterval) {

    public FirmwareConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(hal, "hal");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(flashGeometry, "flashGeometry");
        Objects.requireNonNull(sifting, "sifting");
        Objects.requireNonNull(frameTimeout, "frameTimeout");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
        if (hostSerialPath != null && pairingSecretFile == null) {
            throw new IllegalArgumentException("a host serial port needs a pairing secret file");
        }
        if (flashImage != null && deviceKeyFile == null) {
            throw new IllegalArgumentException(
                    "a flash image file needs a device key file: without one its records would be"
                            + " encrypted under the all-zero key");
        }
        if (authPoolFile == null && authSecretFile == null) {
            throw new IllegalArgumentException("an in-memory auth pool needs a secret file");
        }
    }

    /** The default flash: 256-byte pages, 64 KiB erase blocks, 64 blocks (4 MiB). */
    public static FlashGeometry defaultGeometry() {
        return FlashGeometry.of(256, 64 * 1024, 64);
    }

    public static Builder builder(Role role, String deviceId) {
        return new Builder(role, deviceId);
    }

    public Builder toBuilder() {
        Builder b = new Builder(role, deviceId);
        b.hal = hal;
        b.peer = peer;
        b.hostSerialPath = hostSerialPath;
        b.hostBaud = hostBaud;
        b.pairingSecretFile = pairingSecretFile;
        b.flashImage = flashImage;
        b.flashGeometry = flashGeometry;
        b.deviceKeyFile = deviceKeyFile;
        b.authPoolFile = authPoolFile;
        b.authSecretFile = authSecretFile;
        b.stateFile = stateFile;
        b.sifting = sifting;
        b.frameTimeout = frameTimeout;
        b.reconnectInterval = reconnectInterval;
        return b;
    }

    /** Builder with the defaults of docs/firmware.md. */
    public static final class Builder {
        private Role role;
        private String deviceId;
        private HalConfig hal = HalConfig.empty();
        private PeerLinkSpec peer;
        private String hostSerialPath;
        private int hostBaud = 115_200;
        private Path pairingSecretFile;
        private Path flashImage;
        private FlashGeometry flashGeometry = defaultGeometry();
        private Path deviceKeyFile;
        private Path authPoolFile;
        private Path authSecretFile;
        private Path stateFile;
        private SiftingSettings sifting = SiftingSettings.defaults(1 << 20);
        private Duration frameTimeout = Duration.ofSeconds(10);
        private Duration reconnectInterval = Duration.ofMillis(500);

        private Builder(Role role, String deviceId) {
            this.role = role;
            this.deviceId = deviceId;
        }

        public Builder role(Role v) {
            role = v;
            return this;
        }

        public Builder deviceId(String v) {
            deviceId = v;
            return this;
        }

        public Builder hal(HalConfig v) {
            hal = v;
            return this;
        }

        public Builder peer(PeerLinkSpec v) {
            peer = v;
            return this;
        }

        public Builder hostSerial(String path, int baud, Path pairingSecret) {
            hostSerialPath = path;
            hostBaud = baud;
            pairingSecretFile = pairingSecret;
            return this;
        }

        public Builder flash(Path image, FlashGeometry geometry, Path deviceKey) {
            flashImage = image;
            flashGeometry = geometry;
            deviceKeyFile = deviceKey;
            return this;
        }

        public Builder authPool(Path poolFile, Path secretFile) {
            authPoolFile = poolFile;
            authSecretFile = secretFile;
            return this;
        }

        public Builder stateFile(Path v) {
            stateFile = v;
            return this;
        }

        public Builder sifting(SiftingSettings v) {
            sifting = v;
            return this;
        }

        public Builder frameTimeout(Duration v) {
            frameTimeout = v;
            return this;
        }

        public Builder reconnectInterval(Duration v) {
            reconnectInterval = v;
            return this;
        }

        public FirmwareConfig build() {
            return new FirmwareConfig(
                    role,
                    deviceId,
                    hal,
                    peer,
                    hostSerialPath,
                    hostBaud,
                    pairingSecretFile,
                    flashImage,
                    flashGeometry,
                    deviceKeyFile,
                    authPoolFile,
                    authSecretFile,
                    stateFile,
                    sifting,
                    frameTimeout,
                    reconnectInterval);
        }
    }
}
