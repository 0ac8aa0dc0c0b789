package io.qkdmodem.rig.cli;

import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.ModemHosting;
import io.qkdmodem.rig.scenario.SerialMode;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters that turn option text into checked values, each failing with one clear line. */
final class Options {

    private Options() {}

    static double distanceKm(String text) {
        double d = number(text, "a distance in km");
        if (d < 0 || d > ChannelModel.MAX_DISTANCE_KM) {
            throw new TypeConversionException(
                    "distance must be 0.."
                            + (int) ChannelModel.MAX_DISTANCE_KM
                            + " km, got "
                            + text);
        }
        return d;
    }

    static double fraction(String text) {
        double f = number(text, "a fraction between 0 and 1");
        if (f < 0 || f > 1) {
            throw new TypeConversionException("fraction must be between 0 and 1, got " + text);
        }
        return f;
    }

    private static double number(String text, String what) {
        try {
            double d = Double.parseDouble(text.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not " + what);
        }
    }

    static List<Double> list(String text, java.util.function.Function<String, Double> each) {
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new TypeConversionException(
                        "'" + text + "' has an empty item; write values like 0,25,50");
            }
            double v = each.apply(part);
            if (out.contains(v)) {
                throw new TypeConversionException(
                        "'" + text + "' lists " + part.strip() + " twice");
            }
            out.add(v);
        }
        return out;
    }

    static final class Distance implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return distanceKm(value);
        }
    }

    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return fraction(value);
        }
    }

    /** A converter for a named choice whose parser names the choices when it refuses. */
    private abstract static class Choice<T> implements ITypeConverter<T> {
        private final java.util.function.Function<String, T> parse;

        Choice(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Profile extends Choice<SourceProfile> {
        Profile() {
            super(SourceProfile::parse);
        }
    }

    static final class Serial extends Choice<SerialMode> {
        Serial() {
            super(SerialMode::parse);
        }
    }

    static final class Modems extends Choice<ModemHosting> {
        Modems() {
            super(ModemHosting::parse);
        }
    }

    static final class Seed implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException(
                        "seed must be a whole number (64-bit), got '" + value + "'");
            }
        }
    }

    static final class SiftedBits implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long v;
            try {
                v = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number of bits");
            }
            if (v < 1024 || v > 100_000_000L) {
                throw new TypeConversionException(
                        "sifted bits must be 1024..100000000, got " + value);
            }
            return v;
        }
    }
}
