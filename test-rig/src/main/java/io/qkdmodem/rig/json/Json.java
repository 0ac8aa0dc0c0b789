package io.qkdmodem.rig.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builders for JSON values. {@link JsonObject} keeps its keys in insertion order; numbers that are
 * not finite (NaN, infinities) are written as {@code null}, because JSON has no spelling for them.
 */
public final class Json {

    private Json() {}

    public static JsonObject object() {
        return new JsonObject();
    }

    public static JsonArray array() {
        return new JsonArray();
    }

    /** A JSON object under construction; keys keep insertion order, a repeated key replaces. */
    public static final class JsonObject {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private JsonObject() {}

        public JsonObject put(String key, String value) {
            return putRaw(key, value);
        }

        public JsonObject put(String key, long value) {
            return putRaw(key, value);
        }

        public JsonObject put(String key, double value) {
            return putRaw(key, value);
        }

        public JsonObject put(String key, boolean value) {
            return putRaw(key, value);
        }

        public JsonObject put(String key, JsonObject value) {
            return putRaw(key, value);
        }

        public JsonObject put(String key, JsonArray value) {
            return putRaw(key, value);
        }

        /** A number or {@code null}. */
        public JsonObject putNullable(String key, Double value) {
            return putRaw(key, value);
        }

        public JsonObject putNull(String key) {
            return putRaw(key, null);
        }

        private JsonObject putRaw(String key, Object value) {
            fields.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            write(sb, this);
            return sb.toString();
        }
    }

    /** A JSON array under construction. */
    public static final class JsonArray {
        private final List<Object> items = new ArrayList<>();

        private JsonArray() {}

        public JsonArray add(JsonObject value) {
            items.add(value);
            return this;
        }

        public JsonArray add(String value) {
            items.add(value);
            return this;
        }

        public JsonArray add(double value) {
            items.add(value);
            return this;
        }

        public JsonArray add(long value) {
            items.add(value);
            return this;
        }

        public int size() {
            return items.size();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            write(sb, this);
            return sb.toString();
        }
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            writeString(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Long l) {
            sb.append(l.longValue());
        } else if (value instanceof Double d) {
            writeNumber(sb, d);
        } else if (value instanceof JsonObject o) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : o.fields.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeString(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof JsonArray a) {
            sb.append('[');
            for (int i = 0; i < a.items.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, a.items.get(i));
            }
            sb.append(']');
        } else {
            throw new IllegalStateException("not a JSON value: " + value.getClass());
        }
    }

    private static void writeNumber(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            sb.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
        } else {
            // Double.toString gives the shortest round-tripping form, e.g. 2.56E-3; JSON accepts E.
            sb.append(Double.toString(d));
        }
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
