package io.qkdmodem.firmware.config;

import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.hal.backend.BackendSelector;
import io.qkdmodem.hal.backend.HalBackendProvider;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.Setting;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.keystore.flash.FlashGeometry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates the firmware's configuration file ({@code key = value} lines, {@code #}
 * comments; see {@code dist/modem-firmware.conf.example} and docs/firmware.md). Every mistake is
 * reported, one line each with its line number; nothing is started until the file is clean.
 * Settings under {@code hal.}, {@code sim.}, {@code gpio.} and {@code spi.} go to the hal.
 */
public final class ConfigFile {

    /** The firmware's own settings, with their descriptions (for docs and --help). */
    public static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("role", "alice or bob");
        SETTINGS.put("device.id", "this board's id, 1-64 printable characters");
        SETTINGS.put(
                "peer.link",
                "tcp-listen:HOST:PORT, tcp-connect:HOST:PORT or serial:DEVICE (the other modem)");
        SETTINGS.put("peer.baud", "serial speed of the peer link (default 115200)");
        SETTINGS.put("host.serial", "serial port of the paired host agent (empty: no host)");
        SETTINGS.put("host.baud", "serial speed of the host port (default 115200)");
        SETTINGS.put("host.pairing-secret", "file with the host pairing secret (>= 16 bytes)");
        SETTINGS.put("storage.flash-image", "flash image file (created when absent)");
        SETTINGS.put(
                "storage.flash-geometry",
                "PAGE,BLOCK,COUNT: page and erase block bytes, block count (default 256,65536,64)");
        SETTINGS.put("storage.device-key", "file with the 32-byte device key of the store");
        SETTINGS.put("storage.state", "numbering state file (default: flash image + .state)");
        SETTINGS.put("auth.pool", "authentication pool file (created by provision)");
        SETTINGS.put(
                "auth.secret",
                "one-time provisioning secret: read at start only while the key store never"
                        + " held a pool; delete it after provisioning");
        SETTINGS.put("frame.slots", "pulse slots per frame (default 1048576)");
        SETTINGS.put("protocol", "plain, efficient, decoy or efficient-decoy (default plain)");
        SETTINGS.put("intensity.mu", "signal mean photon number (default 0.5)");
        SETTINGS.put("intensity.nu", "decoy mean photon number (default 0.15, decoy protocols)");
        SETTINGS.put("intensity.p-signal", "probability of a signal slot (decoy protocols, 0.5)");
        SETTINGS.put("intensity.p-decoy", "probability of a decoy slot (decoy protocols, 0.35)");
        SETTINGS.put(
                "basis.p-rectilinear",
                "probability of Alice's rectilinear basis (0.5 plain, default 0.8 efficient)");
        SETTINGS.put("block.target-bits", "a key block closes at this many bits (default 8192)");
        SETTINGS.put("block.max-bits", "largest key block in bits (default 65536)");
        SETTINGS.put("block.max-frames", "a block closes after this many frames (default 256)");
        SETTINGS.put("monitor.fraction", "fraction of sifted bits the QBER monitor uses (0.01)");
        SETTINGS.put("monitor.qber-alarm", "QBER alarm threshold (default 0.11)");
        SETTINGS.put("monitor.window", "sample bits the monitor's QBER covers (default 20000)");
        SETTINGS.put("monitor.min-samples", "sample bits before any alarm (default 200)");
        SETTINGS.put("timeout.frame-ms", "wait for a frame or a peer answer (default 10000)");
        SETTINGS.put("timeout.reconnect-ms", "pause between reconnect attempts (default 500)");
    }

    private static final String[] HAL_PREFIXES = {"hal.", "sim.", "gpio.", "spi."};

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Path base;
    private final boolean checkFiles;
    private boolean provisioning;

    private ConfigFile(Path base, boolean checkFiles) {
        this.base = base;
        this.checkFiles = checkFiles;
    }

    /**
     * Reads a file for the {@code provision} command: the device key and the auth pool may be
     * missing (provisioning creates them).
     */
    public static FirmwareConfig readForProvisioning(Path file)
            throws ConfigException, IOException {
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        ConfigFile c = new ConfigFile(file.toAbsolutePath().getParent(), true);
        c.provisioning = true;
        c.load(text);
        FirmwareConfig cfg = c.build();
        if (!c.problems.isEmpty()) {
            throw new ConfigException(c.problems);
        }
        return cfg;
    }

    /**
     * Reads and validates a file.
     *
     * @throws ConfigException listing every problem, one line each
     * @throws IOException if the file cannot be read at all
     */
    public static FirmwareConfig read(Path file) throws ConfigException, IOException {
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir, true);
    }

    /**
     * Validates the lines of a configuration; relative paths resolve against {@code baseDir}.
     *
     * @param checkFiles whether to check that key files exist and directories are writable
     */
    public static FirmwareConfig parse(List<String> text, Path baseDir, boolean checkFiles)
            throws ConfigException {
        ConfigFile c = new ConfigFile(baseDir, checkFiles);
        c.load(text);
        FirmwareConfig cfg = c.build();
        if (!c.problems.isEmpty()) {
            throw new ConfigException(c.problems);
        }
        return cfg;
    }

    private void load(List<String> text) {
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add("line " + (i + 1) + ": expected 'key = value'");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (values.containsKey(key)) {
                problems.add(
                        "line "
                                + (i + 1)
                                + ": "
                                + key
                                + " is set twice (first on line "
                                + lines.get(key)
                                + ")");
                continue;
            }
            if (!SETTINGS.containsKey(key) && !isHal(key)) {
                problems.add("line " + (i + 1) + ": unknown setting '" + key + "'" + hint(key));
                continue;
            }
            values.put(key, value);
            lines.put(key, i + 1);
        }
    }

    private static boolean isHal(String key) {
        for (String p : HAL_PREFIXES) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String hint(String key) {
        String best = null;
        int bestD = 4;
        for (String k : SETTINGS.keySet()) {
            int d = distance(key, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private String where(String key) {
        Integer l = lines.get(key);
        return (l == null ? "" : "line " + l + ": ") + key;
    }

    private void problem(String key, String what) {
        problems.add(where(key) + " " + what);
    }

    private String required(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            problems.add(key + " is required (" + SETTINGS.get(key) + ")");
            return null;
        }
        return v;
    }

    private double dbl(String key, double def, double min, double max) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                problem(key, "= " + v + " is out of range [" + min + ", " + max + "]");
                return def;
            }
            return d;
        } catch (NumberFormatException e) {
            problem(key, "= '" + v + "' is not a number");
            return def;
        }
    }

    private int integer(String key, int def, int min, int max) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            int d = Integer.parseInt(v.replace("_", ""));
            if (d < min || d > max) {
                problem(key, "= " + v + " is out of range [" + min + ", " + max + "]");
                return def;
            }
            return d;
        } catch (NumberFormatException e) {
            problem(key, "= '" + v + "' is not an integer");
            return def;
        }
    }

    private Path path(String key, boolean mustExist) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        Path p = base == null ? Path.of(v) : base.resolve(v);
        if (checkFiles && mustExist && !Files.isReadable(p)) {
            problem(key, "= " + v + ": file does not exist or is not readable");
        }
        return p;
    }

    private void writableDir(String key, Path file) {
        if (!checkFiles || file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            problem(key, "= " + file + ": directory " + dir + " does not exist");
        } else if (!Files.isWritable(dir)) {
            problem(key, "= " + file + ": directory " + dir + " is not writable");
        }
    }

    private FirmwareConfig build() {
        Role role = null;
        String r = required("role");
        if (r != null) {
            switch (r.toLowerCase(Locale.ROOT)) {
                case "alice" -> role = Role.ALICE;
                case "bob" -> role = Role.BOB;
                default -> problem("role", "= '" + r + "' must be alice or bob");
            }
        }
        String id = required("device.id");
        if (id != null && (id.length() > 64 || !id.matches("[\\x21-\\x7e]+"))) {
            problem("device.id", "must be 1-64 printable characters without spaces");
        }
        PeerLinkSpec peer = peer();
        String hostSerial = values.get("host.serial");
        if (hostSerial != null && hostSerial.isEmpty()) {
            hostSerial = null;
        }
        int hostBaud = integer("host.baud", 115_200, 300, 4_000_000);
        Path pairing = path("host.pairing-secret", true);
        if (hostSerial != null && pairing == null) {
            problems.add(
                    "host.pairing-secret is required with host.serial ("
                            + SETTINGS.get("host.pairing-secret")
                            + ")");
        }
        Path image = path("storage.flash-image", false);
        if (image == null) {
            required("storage.flash-image");
        }
        writableDir("storage.flash-image", image);
        FlashGeometry geometry = geometry();
        Path deviceKey = path("storage.device-key", !provisioning);
        if (deviceKey == null) {
            required("storage.device-key");
        }
        Path state = path("storage.state", false);
        if (state == null && image != null) {
            state = image.resolveSibling(image.getFileName() + ".state");
        }
        Path pool = path("auth.pool", false);
        if (pool == null) {
            required("auth.pool");
        }
        writableDir("auth.pool", pool);
        Path secret = path("auth.secret", true);
        if (checkFiles && !provisioning && pool != null && !Files.exists(pool) && secret == null) {
            problems.add(
                    "auth.pool "
                            + pool
                            + " does not exist and auth.secret is not set: run"
                            + " 'modem-firmware provision' first");
        }
        SiftingSettings sifting = sifting();
        HalConfig hal = hal();
        int frameMs = integer("timeout.frame-ms", 10_000, 100, 600_000);
        int reconnectMs = integer("timeout.reconnect-ms", 500, 10, 60_000);
        if (!problems.isEmpty()) {
            return null;
        }
        return FirmwareConfig.builder(role, id)
                .hal(hal)
                .peer(peer)
                .hostSerial(hostSerial, hostBaud, pairing)
                .flash(image, geometry, deviceKey)
                .authPool(pool, secret)
                .stateFile(state)
                .sifting(sifting)
                .frameTimeout(Duration.ofMillis(frameMs))
                .reconnectInterval(Duration.ofMillis(reconnectMs))
                .build();
    }

    private PeerLinkSpec peer() {
        String v = required("peer.link");
        int baud = integer("peer.baud", 115_200, 300, 4_000_000);
        if (v == null) {
            return null;
        }
        try {
            if (v.startsWith("serial:") && v.length() > 7) {
                return PeerLinkSpec.serial(v.substring(7), baud);
            }
            boolean listen = v.startsWith("tcp-listen:");
            if (listen || v.startsWith("tcp-connect:")) {
                String rest = v.substring(v.indexOf(':') + 1);
                int colon = rest.lastIndexOf(':');
                String host = rest.substring(0, colon);
                int port = Integer.parseInt(rest.substring(colon + 1));
                if (host.isEmpty() || port < 0 || port > 65535 || (!listen && port == 0)) {
                    throw new IllegalArgumentException();
                }
                return listen
                        ? PeerLinkSpec.tcpListen(host, port)
                        : PeerLinkSpec.tcpConnect(host, port);
            }
        } catch (RuntimeException e) {
            // reported below
        }
        problem("peer.link", "= '" + v + "' must be " + SETTINGS.get("peer.link"));
        return null;
    }

    private FlashGeometry geometry() {
        String v = values.get("storage.flash-geometry");
        if (v == null || v.isEmpty()) {
            return FirmwareConfig.defaultGeometry();
        }
        String[] parts = v.split(",");
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("three numbers needed");
            }
            return FlashGeometry.of(
                    Integer.parseInt(parts[0].strip()),
                    Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip()));
        } catch (IllegalArgumentException e) {
            problem(
                    "storage.flash-geometry",
                    "= '"
                            + v
                            + "' is invalid: "
                            + (e instanceof NumberFormatException ? "not numbers" : e.getMessage())
                            + " (PAGE,BLOCK,COUNT)");
            return FirmwareConfig.defaultGeometry();
        }
    }

    private SiftingSettings sifting() {
        int slots = integer("frame.slots", 1 << 20, 1024, 1 << 28);
        String protocol = values.getOrDefault("protocol", "plain").toLowerCase(Locale.ROOT);
        boolean decoy = protocol.contains("decoy");
        boolean efficient = protocol.startsWith("efficient");
        if (!Set.of("plain", "efficient", "decoy", "efficient-decoy").contains(protocol)) {
            problem("protocol", "= '" + protocol + "' must be " + SETTINGS.get("protocol"));
        }
        double mu = dbl("intensity.mu", 0.5, 1e-6, 10);
        // Decoy defaults: what a positive finite-key decoy-state length (Lim et al. 2014) at
        // 10 km needs with 2^20-bit blocks (docs/firmware.md).
        double nu = dbl("intensity.nu", decoy ? 0.15 : 0, 0, 10);
        double pSignal = dbl("intensity.p-signal", decoy ? 0.5 : 1, 1e-6, 1);
        double pDecoy = dbl("intensity.p-decoy", decoy ? 0.35 : 0, 0, 1);
        double pz = dbl("basis.p-rectilinear", efficient ? 0.8 : 0.5, 0.01, 0.99);
        if (!decoy && (pDecoy > 0 || pSignal < 1)) {
            problem(
                    values.containsKey("intensity.p-decoy")
                            ? "intensity.p-decoy"
                            : "intensity.p-signal",
                    "asks for decoy or vacuum slots, but protocol "
                            + protocol
                            + " has none (use"
                            + " decoy or efficient-decoy)");
        }
        if (decoy && pDecoy == 0) {
            problem("intensity.p-decoy", "must be above 0 with protocol " + protocol);
        }
        if (decoy && nu >= mu) {
            problem("intensity.nu", "= " + nu + " must be below intensity.mu = " + mu);
        }
        if (pSignal + pDecoy > 1 + 1e-12) {
            problem("intensity.p-decoy", "+ intensity.p-signal exceed 1");
        }
        if (!efficient && pz != 0.5) {
            problem(
                    "basis.p-rectilinear",
                    "= "
                            + pz
                            + ": protocol "
                            + protocol
                            + " uses unbiased bases (0.5); use"
                            + " efficient or efficient-decoy for a biased basis");
        }
        int target = integer("block.target-bits", 8192, 64, 1 << 24);
        int max = integer("block.max-bits", 65536, 64, 1 << 24);
        if (max < target) {
            problem("block.max-bits", "= " + max + " is below block.target-bits = " + target);
        }
        int frames = integer("block.max-frames", 256, 1, 1 << 20);
        double fraction = dbl("monitor.fraction", 0.01, 0, 0.5);
        double alarm = dbl("monitor.qber-alarm", 0.11, 0.001, 0.49);
        int window = integer("monitor.window", 20_000, 10, 1 << 28);
        int minSamples = integer("monitor.min-samples", 200, 1, 1 << 28);
        if (minSamples > window) {
            problem("monitor.min-samples", "= " + minSamples + " exceeds monitor.window");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        IntensityProfile profile =
                decoy
                        ? new IntensityProfile(mu, nu, pSignal, pDecoy)
                        : IntensityProfile.signalOnly(mu);
        return new SiftingSettings(
                slots, profile, pz, target, max, frames, fraction, alarm, window, minSamples);
    }

    private HalConfig hal() {
        Map<String, String> h = new LinkedHashMap<>();
        values.forEach(
                (k, v) -> {
                    if (isHal(k)) {
                        h.put(k, v);
                    }
                });
        HalConfig hal = HalConfig.of(h);
        String backend = h.getOrDefault(BackendSelector.BACKEND.name(), "").strip();
        List<HalBackendProvider> providers = BackendSelector.discover().providers();
        Set<String> names = new TreeSet<>();
        for (HalBackendProvider p : providers) {
            names.add(p.name());
            if (!p.name().equals(backend)) {
                continue;
            }
            for (Setting<?> s : p.settings()) {
                try {
                    hal.get(s);
                } catch (IllegalArgumentException e) {
                    problem(s.name(), "is invalid: " + e.getMessage());
                }
            }
        }
        if (!backend.isEmpty() && !names.contains(backend)) {
            problem("hal.backend", "= '" + backend + "' is not a known backend " + names);
        }
        return hal;
    }
}
