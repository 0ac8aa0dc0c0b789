package io.qkdmodem.protocol.testing;

/** Spaced-hex helpers for test vectors. */
public final class Hex {

    private Hex() {}

    /** Parses hex digits, ignoring whitespace. */
    public static byte[] parse(String spaced) {
        String s = spaced.replaceAll("\\s+", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Lower-case hex, one space between bytes. */
    public static String format(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
