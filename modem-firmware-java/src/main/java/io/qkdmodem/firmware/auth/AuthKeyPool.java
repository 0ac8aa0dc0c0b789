package io.qkdmodem.firmware.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The pool of secret bytes that Wegman-Carter tags of the modem-to-modem link are drawn from. Both
 * modems hold the same pool: it starts from a secret provisioned on both boards and grows when the
 * host agents hand back a slice of each final key ({@link #replenish}). Bytes are addressed by a
 * logical offset that only grows; the pool remembers its {@link #position()} (everything before it
 * is used and forgotten) and its {@link #end()}.
 *
 * <p>{@link #take} makes the new position durable before it returns the bytes, so a key is never
 * used twice, also across power cuts. With a file, every change rewrites the file atomically
 * (temporary file, fsync, rename): the pool is small (kilobytes). Thread-safe.
 *
 * <p>Replenishing is idempotent per request id: the ids of the last {@value #REMEMBERED_REQUESTS}
 * replenish requests are kept in the same file, written in the same atomic step as the material.
 *
 * <p>File format: magic {@code QKDAUTH1}, position (8 bytes), end (8 bytes), count of remembered
 * request ids (4 bytes) and the ids (8 bytes each), the {@code end - position} unused bytes,
 * CRC-32C of all before it (4 bytes).
 */
public final class AuthKeyPool implements AutoCloseable {
    private static final byte[] MAGIC = {'Q', 'K', 'D', 'A', 'U', 'T', 'H', '1'};
    private static final int HEADER = 8 + 8 + 8 + 4;

    /** Replenish request ids remembered for idempotence. */
    public static final int REMEMBERED_REQUESTS = 64;

    /** Largest pool kept (bytes not yet used); replenishing beyond it is refused. */
    public static final int MAX_UNUSED_BYTES = 1 << 20;

    private final Path file;
    private long position;
    private byte[] unused;
    private final java.util.ArrayDeque<Long> requests = new java.util.ArrayDeque<>();
    private boolean closed;

    private AuthKeyPool(Path file, long position, byte[] unused) {
        this.file = file;
        this.position = position;
        this.unused = unused;
    }

    /** A pool held only in memory (tests, simulations). The secret is copied. */
    public static AuthKeyPool inMemory(byte[] secret) {
        return new AuthKeyPool(null, 0, secret.clone());
    }

    /**
     * Creates a pool file from a provisioned secret. Refuses to overwrite an existing file.
     *
     * @throws AuthPoolException STORAGE if the file exists or cannot be written
     */
    public static AuthKeyPool provision(Path file, byte[] secret) throws AuthPoolException {
        if (Files.exists(file)) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " already exists; refusing to overwrite it");
        }
        if (secret.length < 2 * TagKey.BYTES) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "provisioned secret must hold at least " + 2 * TagKey.BYTES + " bytes");
        }
        AuthKeyPool pool = new AuthKeyPool(file, 0, secret.clone());
        pool.persist();
        return pool;
    }

    /**
     * Opens an existing pool file.
     *
     * @throws AuthPoolException STORAGE if it is missing, unreadable or corrupt
     */
    public static AuthKeyPool open(Path file) throws AuthPoolException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " does not exist (run the provision command)");
        } catch (IOException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot read auth pool file " + file + ": " + e.getMessage(),
                    e);
        }
        try {
            if (raw.length < HEADER + 4
                    || !Arrays.equals(Arrays.copyOf(raw, 8), MAGIC)
                    || crc(raw, raw.length - 4)
                            != ByteBuffer.wrap(raw, raw.length - 4, 4).getInt()) {
                throw new AuthPoolException(
                        AuthPoolException.Reason.STORAGE,
                        "auth pool file " + file + " is corrupt (bad magic, length or CRC)");
            }
            ByteBuffer b = ByteBuffer.wrap(raw);
            b.position(8);
            long pos = b.getLong();
            long end = b.getLong();
            int ids = b.getInt();
            long header = HEADER + 8L * ids;
            if (pos < 0
                    || end < pos
                    || ids < 0
                    || ids > REMEMBERED_REQUESTS
                    || end - pos != raw.length - header - 4) {
                throw new AuthPoolException(
                        AuthPoolException.Reason.STORAGE,
                        "auth pool file " + file + " is corrupt (inconsistent offsets)");
            }
            AuthKeyPool pool =
                    new AuthKeyPool(
                            file, pos, Arrays.copyOfRange(raw, (int) header, raw.length - 4));
            for (int i = 0; i < ids; i++) {
                pool.requests.addLast(b.getLong());
            }
            return pool;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Offset of the first unused byte. */
    public synchronized long position() {
        return position;
    }

    /** Offset one past the last byte held. */
    public synchronized long end() {
        return position + unused.length;
    }

    /** Unused bytes. */
    public synchronized long available() {
        return unused.length;
    }

    /**
     * Takes {@code length} bytes at {@code offset}, durably marking everything before {@code offset
     * + length} used (bytes skipped over are discarded). The caller zeroizes the returned array.
     *
     * @throws AuthPoolException REUSE if {@code offset < position()}, EMPTY if the pool does not
     *     reach {@code offset + length}, STORAGE if the new position could not be made durable (the
     *     bytes are then not returned)
     */
    public synchronized byte[] take(long offset, int length) throws AuthPoolException {
        checkOpen();
        if (offset < position) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.REUSE,
                    "offset " + offset + " was used already (pool position " + position + ")");
        }
        if (offset + length > end()) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.EMPTY,
                    "auth key pool holds up to offset "
                            + end()
                            + ", "
                            + length
                            + " bytes at "
                            + offset
                            + " asked for");
        }
        int from = (int) (offset - position);
        byte[] out = Arrays.copyOfRange(unused, from, from + length);
        byte[] oldUnused = unused;
        long oldPosition = position;
        unused = Arrays.copyOfRange(oldUnused, from + length, oldUnused.length);
        position = offset + length;
        try {
            persist();
        } catch (AuthPoolException e) {
            Arrays.fill(unused, (byte) 0);
            unused = oldUnused;
            position = oldPosition;
            Arrays.fill(out, (byte) 0);
            throw e;
        }
        Arrays.fill(oldUnused, (byte) 0);
        return out;
    }

    /**
     * A copy of {@code length} bytes at {@code offset}, without using them: nothing changes, in
     * memory or on storage. For keys that may only be used once a peer's claim is verified; the
     * caller {@link #take}s them before it uses them for anything else, and zeroizes the copy.
     *
     * @throws AuthPoolException REUSE if {@code offset < position()}, EMPTY if the pool does not
     *     reach {@code offset + length}
     */
    public synchronized byte[] peek(long offset, int length) throws AuthPoolException {
        checkOpen();
        if (offset < position) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.REUSE,
                    "offset " + offset + " was used already (pool position " + position + ")");
        }
        if (offset + length > end()) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.EMPTY,
                    "auth key pool holds up to offset "
                            + end()
                            + ", "
                            + length
                            + " bytes at "
                            + offset
                            + " asked for");
        }
        int from = (int) (offset - position);
        return Arrays.copyOfRange(unused, from, from + length);
    }

    /**
     * Appends key material at the end (both modems must append the same bytes in the same order).
     * The caller keeps and zeroizes its array.
     *
     * @throws AuthPoolException STORAGE if it cannot be stored or the pool would exceed {@link
     *     #MAX_UNUSED_BYTES}
     */
    public synchronized void replenish(byte[] material) throws AuthPoolException {
        replenish(-1, material);
    }

    /**
     * Appends key material once per {@code requestId} (a repeated id of the last {@value
     * #REMEMBERED_REQUESTS} is ignored and returns false); -1 means no id.
     *
     * @return true if the material was added by this call
     */
    public synchronized boolean replenish(long requestId, byte[] material)
            throws AuthPoolException {
        checkOpen();
        if (requestId != -1 && requests.contains(requestId)) {
            return false;
        }
        if (material.length == 0) {
            return false;
        }
        if ((long) unused.length + material.length > MAX_UNUSED_BYTES) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool would exceed " + MAX_UNUSED_BYTES + " unused bytes");
        }
        byte[] old = unused;
        byte[] grown = Arrays.copyOf(old, old.length + material.length);
        System.arraycopy(material, 0, grown, old.length, material.length);
        unused = grown;
        if (requestId != -1) {
            requests.addLast(requestId);
            if (requests.size() > REMEMBERED_REQUESTS) {
                requests.removeFirst();
            }
        }
        try {
            persist();
        } catch (AuthPoolException e) {
            Arrays.fill(grown, (byte) 0);
            unused = old;
            requests.remove(requestId);
            throw e;
        }
        Arrays.fill(old, (byte) 0);
        return true;
    }

    private void checkOpen() throws AuthPoolException {
        if (closed) {
            throw new AuthPoolException(AuthPoolException.Reason.STORAGE, "auth pool is closed");
        }
    }

    private void persist() throws AuthPoolException {
        if (file == null) {
            return;
        }
        int len = HEADER + 8 * requests.size() + unused.length + 4;
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(MAGIC).putLong(position).putLong(position + unused.length).putInt(requests.size());
        for (long id : requests) {
            b.putLong(id);
        }
        b.put(unused);
        b.putInt(crc(b.array(), len - 4));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(
                            tmp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                b.flip();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.setPosixFilePermissions(
                        tmp,
                        java.util.Set.of(
                                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot write auth pool file " + file + ": " + e.getMessage(),
                    e);
        } finally {
            Arrays.fill(b.array(), (byte) 0);
        }
    }

    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform lets a directory be opened; the rename is still atomic.
        }
    }

    private static int crc(byte[] b, int len) {
        CRC32C c = new CRC32C();
        c.update(b, 0, len);
        return (int) c.getValue();
    }

    /** Zeroizes the unused bytes held in memory. */
    @Override
    public synchronized void close() {
        closed = true;
        Arrays.fill(unused, (byte) 0);
    }

    @Override
    public String toString() {
        return "AuthKeyPool[position=" + position + ", available=" + unused.length + "]";
    }
}
