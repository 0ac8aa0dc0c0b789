package io.qkdmodem.firmware.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * Reads secrets provisioned on the board (device key, auth secret, pairing secret): a file holding
 * hex digits (whitespace ignored), or raw bytes if it is not hex. Messages name the file and the
 * sizes, never the content.
 */
public final class KeyFiles {
    private KeyFiles() {}

    /**
     * @param minBytes fewest bytes accepted
     * @param maxBytes most bytes accepted, or -1 for no limit
     * @return the secret; the caller zeroizes it
     * @throws IOException if the file cannot be read or has the wrong size
     */
    public static byte[] readSecret(Path file, int minBytes, int maxBytes) throws IOException {
        if (file == null) {
            throw new IOException("no key file configured");
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(
                    "cannot read key file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        byte[] out = decode(raw);
        Arrays.fill(raw, (byte) 0);
        if (out.length < minBytes || (maxBytes >= 0 && out.length > maxBytes)) {
            int n = out.length;
            Arrays.fill(out, (byte) 0);
            throw new IOException(
                    "key file "
                            + file
                            + " holds "
                            + n
                            + " bytes; "
                            + (maxBytes == minBytes
                                    ? "exactly " + minBytes
                                    : "at least " + minBytes)
                            + " needed");
        }
        return out;
    }

    /** Whether group or others may read the file (a warning on a board). */
    public static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ)
                    || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static byte[] decode(byte[] raw) {
        String text = new String(raw, StandardCharsets.US_ASCII).replaceAll("\\s", "");
        if (!text.isEmpty() && text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
            return HexFormat.of().parseHex(text);
        }
        return raw.clone();
    }

    /** Writes a secret as hex, readable by the owner only. */
    public static void writeSecretHex(Path file, byte[] secret) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        char[] hex = HexFormat.of().formatHex(secret).toCharArray();
        byte[] bytes = new byte[hex.length + 1];
        for (int i = 0; i < hex.length; i++) {
            bytes[i] = (byte) hex[i];
        }
        bytes[hex.length] = '\n';
        Arrays.fill(hex, '0');
        try {
            Files.write(file, bytes);
            try {
                Files.setPosixFilePermissions(
                        file,
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
