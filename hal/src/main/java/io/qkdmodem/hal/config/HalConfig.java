package io.qkdmodem.hal.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable set of raw configuration values ({@code name -> text}), read through {@link Setting}
 * so each value is parsed and checked where it is used. Unknown keys are kept (backends read their
 * own prefixes, e.g. {@code sim.}, {@code gpio.}, {@code spi.}).
 */
public final class HalConfig {
    private final Map<String, String> values;

    private HalConfig(Map<String, String> values) {
        this.values = values;
    }

    public static HalConfig empty() {
        return new HalConfig(Map.of());
    }

    public static HalConfig of(Map<String, String> values) {
        return new HalConfig(Map.copyOf(new TreeMap<>(values)));
    }

    public static HalConfig fromProperties(Properties p) {
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return of(m);
    }

    /** The parsed value of a setting, or its default when absent. */
    public <T> T get(Setting<T> setting) {
        String raw = values.get(setting.name());
        return raw == null ? setting.defaultValue() : setting.parse(raw);
    }

    /** The parsed value of a setting that has no sensible default. */
    public <T> T require(Setting<T> setting) {
        String raw = values.get(setting.name());
        if (raw == null) {
            throw new HalConfigException(
                    "setting " + setting.name() + " is required (" + setting.description() + ")");
        }
        return setting.parse(raw);
    }

    public Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean contains(Setting<?> setting) {
        return values.containsKey(setting.name());
    }

    /** A copy with one value set. */
    public HalConfig with(String name, String value) {
        Map<String, String> m = new TreeMap<>(values);
        m.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new HalConfig(Map.copyOf(m));
    }

    /** The values whose names start with {@code prefix}. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> m = new TreeMap<>();
        values.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix)) {
                        m.put(k, v);
                    }
                });
        return m;
    }

    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "HalConfig" + new TreeMap<>(values);
    }
}
