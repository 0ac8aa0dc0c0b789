package io.qkdmodem.hal.entropy;

import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.config.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the configured entropy source, always wrapped in the SP 800-90B health tests. {@code
 * hal.entropy}: {@code auto} (the hardware RNG if its device is readable, else the JDK's strong
 * SecureRandom, logged as such), {@code hwrng}, {@code jdk-strong} or {@code sim-drbg} (seeded,
 * reproducible, simulation only).
 */
public final class EntropySources {
    public static final Setting<String> SOURCE =
            Setting.ofString("hal.entropy", "auto, hwrng, jdk-strong or sim-drbg", "auto");
    public static final Setting<String> HWRNG_PATH =
            Setting.ofString("hal.entropy.hwrng-path", "the hardware RNG device", "/dev/hwrng");
    public static final Setting<Double> MIN_ENTROPY =
            Setting.ofDouble(
                    "hal.entropy.min-entropy",
                    "claimed min-entropy per byte (0: the source's default: hwrng 6, others 8)",
                    0,
                    0,
                    8);
    public static final Setting<Long> SEED =
            Setting.ofLong(
                    "hal.entropy.seed",
                    "seed of the simulation DRBG",
                    1,
                    Long.MIN_VALUE,
                    Long.MAX_VALUE);
    public static final Setting<String> LABEL =
            Setting.ofString("hal.entropy.label", "label mixed into the simulation DRBG", "modem");
    public static final List<Setting<?>> SETTINGS =
            List.of(SOURCE, HWRNG_PATH, MIN_ENTROPY, SEED, LABEL);

    private static final Logger LOG = LoggerFactory.getLogger(EntropySources.class);
    private static final double HWRNG_DEFAULT_CLAIM = 6;

    private EntropySources() {}

    public static HealthTestedEntropySource open(HalConfig config) throws EntropyException {
        return open(config, f -> {});
    }

    /**
     * @param onFailure called once when a health test stops the source (e.g. to show FAULT)
     */
    public static HealthTestedEntropySource open(
            HalConfig config, Consumer<EntropyHealthException> onFailure) throws EntropyException {
        String which = config.get(SOURCE).trim().toLowerCase(Locale.ROOT);
        double claim = config.get(MIN_ENTROPY);
        Path hw = Path.of(config.get(HWRNG_PATH));
        EntropySource raw =
                switch (which) {
                    case "hwrng" -> new HwRngEntropySource(hw, claimOr(claim, HWRNG_DEFAULT_CLAIM));
                    case "jdk-strong" -> new JdkStrongEntropySource(claimOr(claim, 8));
                    case "sim-drbg" -> new SeededDrbg(config.get(SEED), config.get(LABEL));
                    case "auto" -> {
                        if (HwRngEntropySource.isPresent(hw)) {
                            yield new HwRngEntropySource(hw, claimOr(claim, HWRNG_DEFAULT_CLAIM));
                        }
                        LOG.warn("No hardware RNG at {}: using the JDK's strong SecureRandom", hw);
                        yield new JdkStrongEntropySource(claimOr(claim, 8));
                    }
                    default ->
                            throw new HalConfigException(
                                    "setting hal.entropy = '"
                                            + which
                                            + "' is invalid: it must be "
                                            + SOURCE.description());
                };
        LOG.info("Entropy source: {} ({})", raw.description(), raw.kind());
        return new HealthTestedEntropySource(raw, onFailure);
    }

    private static double claimOr(double claim, double dflt) {
        return claim > 0 ? claim : dflt;
    }
}
