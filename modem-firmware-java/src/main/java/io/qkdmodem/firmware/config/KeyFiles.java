package io.qkdmodem.firmware.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
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

    /**
     * The bytes {@code raw} spells in hex (ASCII whitespace ignored), or a copy of {@code raw} if
     * it is not an even, non-empty run of hex digits. Parsed byte by byte: no String ever holds the
     * secret.
     */
    static byte[] decode(byte[] raw) {
        int digits = 0;
        for (byte c : raw) {
            if (isSpace(c)) {
                continue;
            }
            if (nibble(c) < 0) {
                return raw.clone();
            }
            digits++;
        }
        if (digits == 0 || digits % 2 != 0) {
            return raw.clone();
        }
        byte[] out = new byte[digits / 2];
        int n = 0;
        int hi = -1;
        for (byte c : raw) {
            if (isSpace(c)) {
                continue;
            }
            int v = nibble(c);
            if (hi < 0) {
                hi = v;
            } else {
                out[n++] = (byte) (hi << 4 | v);
                hi = -1;
            }
        }
        return out;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static int nibble(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Lower-case hex of {@code secret} and a newline, in a byte array the caller zeroizes. */
    static byte[] encodeHex(byte[] secret) {
        byte[] out = new byte[secret.length * 2 + 1];
        for (int i = 0; i < secret.length; i++) {
            out[2 * i] = HEX[(secret[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[secret[i] & 0xf];
        }
        out[out.length - 1] = '\n';
        return out;
    }

    private static final byte[] HEX = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
    };

    /**
     * Writes a secret as hex into a new file, created readable and writable by the owner only (the
     * permissions are set atomically at creation on a POSIX file system, so the secret is never
     * readable by others, not even for a moment). Refuses to overwrite an existing file.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
     */
    public static void writeSecretHex(Path file, byte[] secret) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] bytes = encodeHex(secret);
        try (SeekableByteChannel ch = createOwnerOnly(file)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (ch instanceof FileChannel fc) {
                fc.force(true);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static SeekableByteChannel createOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> opts =
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.newByteChannel(
                    file,
                    opts,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        }
        return Files.newByteChannel(file, opts);
    }
}
