package io.qkdmodem.rig.process;

import io.qkdmodem.firmware.config.ConfigException;
import io.qkdmodem.firmware.config.ConfigFile;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.keystore.flash.FlashGeometry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link FirmwareConfig} as the firmware's configuration file ({@code key = value} lines,
 * docs/firmware.md), so that a firmware process runs with exactly the settings the in-process rig
 * would give the embedded firmware. {@link #write} reads the file back with the firmware's own
 * parser and refuses a file that does not say the same thing.
 */
public final class FirmwareConfigFile {

    private static final String[] HAL_PREFIXES = {"hal.", "sim.", "gpio.", "spi."};

    private FirmwareConfigFile() {}

    /**
     * The configuration as file lines.
     *
     * @throws IllegalArgumentException for a configuration a file cannot state (in-memory flash or
     *     auth pool, a flash endurance other than the typical one, a value with a line break)
     */
    public static List<String> lines(FirmwareConfig c) {
        if (c.flashImage() == null || c.authPoolFile() == null) {
            throw new IllegalArgumentException(
                    "a firmware process needs a flash image file and an auth pool file");
        }
        FlashGeometry g = c.flashGeometry();
        if (g.endurance() != FlashGeometry.TYPICAL_ENDURANCE) {
            throw new IllegalArgumentException(
                    "a configuration file cannot state a flash endurance of " + g.endurance());
        }
        List<String> out = new ArrayList<>();
        out.add("# written by test-rig for one run (docs/firmware.md describes every setting)");
        put(out, "role", c.role().name().toLowerCase(Locale.ROOT));
        put(out, "device.id", c.deviceId());
        for (Map.Entry<String, String> e : new TreeMap<>(c.hal().asMap()).entrySet()) {
            if (!isHal(e.getKey())) {
                throw new IllegalArgumentException(
                        "hal setting " + e.getKey() + " has no place in a configuration file");
            }
            put(out, e.getKey(), e.getValue());
        }
        PeerLinkSpec peer = c.peer();
        switch (peer.kind()) {
            case TCP_LISTEN ->
                    put(out, "peer.link", "tcp-listen:" + peer.host() + ":" + peer.port());
            case TCP_CONNECT ->
                    put(out, "peer.link", "tcp-connect:" + peer.host() + ":" + peer.port());
            case SERIAL -> {
                put(out, "peer.link", "serial:" + peer.serialPath());
                put(out, "peer.baud", Integer.toString(peer.baud()));
            }
            default -> throw new IllegalArgumentException("unknown peer link " + peer.kind());
        }
        if (c.hostSerialPath() != null) {
            put(out, "host.serial", c.hostSerialPath());
            put(out, "host.pairing-secret", c.pairingSecretFile().toAbsolutePath().toString());
        }
        put(out, "host.baud", Integer.toString(c.hostBaud()));
        put(out, "storage.flash-image", c.flashImage().toAbsolutePath().toString());
        put(
                out,
                "storage.flash-geometry",
                g.pageSize() + "," + g.blockSize() + "," + g.blockCount());
        put(out, "storage.device-key", c.deviceKeyFile().toAbsolutePath().toString());
        if (c.stateFile() != null) {
            put(out, "storage.state", c.stateFile().toAbsolutePath().toString());
        }
        put(out, "auth.pool", c.authPoolFile().toAbsolutePath().toString());
        if (c.authSecretFile() != null) {
            put(out, "auth.secret", c.authSecretFile().toAbsolutePath().toString());
        }
        SiftingSettings s = c.sifting();
        IntensityProfile i = s.intensities();
        boolean decoy = s.decoyLayout();
        boolean efficient = s.pRectilinear() != 0.5;
        put(out, "frame.slots", Integer.toString(s.slotsPerFrame()));
        String protocol =
                efficient ? (decoy ? "efficient-decoy" : "efficient") : (decoy ? "decoy" : "plain");
        put(out, "protocol", protocol);
        put(out, "intensity.mu", Double.toString(i.muSignal()));
        if (decoy) {
            put(out, "intensity.nu", Double.toString(i.muDecoy()));
            put(out, "intensity.p-signal", Double.toString(i.pSignal()));
            put(out, "intensity.p-decoy", Double.toString(i.pDecoy()));
        }
        put(out, "basis.p-rectilinear", Double.toString(s.pRectilinear()));
        put(out, "block.target-bits", Integer.toString(s.targetBlockBits()));
        put(out, "block.max-bits", Integer.toString(s.maxBlockBits()));
        put(out, "block.max-frames", Integer.toString(s.maxFramesPerBlock()));
        put(out, "monitor.fraction", Double.toString(s.monitorFraction()));
        put(out, "monitor.qber-alarm", Double.toString(s.qberAlarmThreshold()));
        put(out, "monitor.window", Integer.toString(s.monitorWindow()));
        put(out, "monitor.min-samples", Integer.toString(s.monitorMinSamples()));
        put(out, "timeout.frame-ms", Long.toString(c.frameTimeout().toMillis()));
        put(out, "timeout.reconnect-ms", Long.toString(c.reconnectInterval().toMillis()));
        return out;
    }

    /**
     * Writes {@code config} to {@code file} (owner-only) and reads it back with the firmware's
     * parser, which must return the same configuration.
     *
     * @throws ConfigException when the firmware refuses the file (every problem, one line each)
     * @throws IllegalArgumentException when the file cannot state {@code config} exactly
     */
    public static void write(FirmwareConfig config, Path file) throws IOException, ConfigException {
        List<String> lines = lines(config);
        Files.write(file, lines, StandardCharsets.UTF_8);
        FirmwareConfig back = ConfigFile.read(file);
        String diff = difference(config, back);
        if (diff != null) {
            throw new IllegalArgumentException(
                    "the firmware reads " + file.getFileName() + " differently: " + diff);
        }
    }

    /** The first component in which two configurations differ, or null when they agree. */
    static String difference(FirmwareConfig a, FirmwareConfig b) {
        if (!a.hal().asMap().equals(b.hal().asMap())) {
            return "hal settings " + a.hal().asMap() + " vs " + b.hal().asMap();
        }
        HalConfig same = HalConfig.empty(); // HalConfig has no equals: compared above
        FirmwareConfig x = a.toBuilder().hal(same).build();
        FirmwareConfig y = b.toBuilder().hal(same).build();
        if (x.equals(y)) {
            return null;
        }
        var components = FirmwareConfig.class.getRecordComponents();
        for (var rc : components) {
            try {
                Object vx = rc.getAccessor().invoke(x);
                Object vy = rc.getAccessor().invoke(y);
                if (!java.util.Objects.equals(vx, vy)) {
                    return rc.getName() + " " + vx + " vs " + vy;
                }
            } catch (ReflectiveOperationException e) {
                return rc.getName() + " cannot be compared";
            }
        }
        return "the configurations differ";
    }

    private static boolean isHal(String key) {
        for (String p : HAL_PREFIXES) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static void put(List<String> out, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || !value.equals(value.strip())) {
            throw new IllegalArgumentException(
                    "setting " + key + " has a value a configuration line cannot hold");
        }
        out.add(key + " = " + value);
    }
}
