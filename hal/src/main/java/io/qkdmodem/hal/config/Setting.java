package io.qkdmodem.hal.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration setting: its name, what it means, its default and the rule a value must obey.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {
    private final String name;
    private final String description;
    private final T defaultValue;
    private final String rule;
    private final Function<String, T> parser;

    private Setting(
            String name,
            String description,
            T defaultValue,
            String rule,
            Function<String, T> parser) {
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.defaultValue = defaultValue;
        this.rule = rule;
        this.parser = parser;
    }

    public static Setting<String> ofString(String name, String description, String defaultValue) {
        return new Setting<>(name, description, defaultValue, "any text", s -> s);
    }

    public static Setting<Boolean> ofBoolean(
            String name, String description, boolean defaultValue) {
        return new Setting<>(
                name,
                description,
                defaultValue,
                "true or false",
                s -> {
                    if (s.equalsIgnoreCase("true")) {
                        return true;
                    }
                    if (s.equalsIgnoreCase("false")) {
                        return false;
                    }
                    throw new IllegalArgumentException();
                });
    }

    public static Setting<Double> ofDouble(
            String name, String description, double defaultValue, double min, double max) {
        return new Setting<>(
                name,
                description,
                defaultValue,
                "a number in [" + min + ", " + max + "]",
                s -> {
                    double v = Double.parseDouble(s);
                    if (!(v >= min && v <= max)) {
                        throw new IllegalArgumentException();
                    }
                    return v;
                });
    }

    public static Setting<Long> ofLong(
            String name, String description, long defaultValue, long min, long max) {
        return new Setting<>(
                name,
                description,
                defaultValue,
                "an integer in [" + min + ", " + max + "]",
                s -> {
                    long v = Long.parseLong(s);
                    if (v < min || v > max) {
                        throw new IllegalArgumentException();
                    }
                    return v;
                });
    }

    public static Setting<Integer> ofInt(
            String name, String description, int defaultValue, int min, int max) {
        return new Setting<>(
                name,
                description,
                defaultValue,
                "an integer in [" + min + ", " + max + "]",
                s -> {
                    int v = Integer.parseInt(s);
                    if (v < min || v > max) {
                        throw new IllegalArgumentException();
                    }
                    return v;
                });
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The rule a value obeys, as stated in error messages. */
    public String rule() {
        return rule;
    }

    /** Parses a raw value; the error names the setting, the value and the rule. */
    public T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new HalConfigException(
                    "setting " + name + " = '" + raw + "' is invalid: it must be " + rule);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
