package io.qkdmodem.firmware.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool of secret bytes that Wegman-Carter tags of the modem-to-modem link are drawn from. Both
 * modems hold the same pool: it starts from a secret provisioned on both boards and grows when the
 * host agents hand back a slice of each final key ({@link #replenish}). Bytes are addressed by a
 * logical offset that only grows; the pool remembers its {@link #position()} (everything before it
 * is used and forgotten) and its {@link #end()}.
 *
 * <p>{@link #take} makes the new position durable before it returns the bytes, so a key is never
 * used twice, also across power cuts. With a file, every change rewrites the file atomically
 * (temporary file created owner-only, fsync, rename, directory fsync): the pool is small
 * (kilobytes). Thread-safe.
 *
 * <p>Replenishing is idempotent per request id: the ids of the last {@value #REMEMBERED_REQUESTS}
 * replenish requests are kept in the same file, written in the same atomic step as the material.
 *
 * <p>At rest the file is encrypted under the board's device key, so a copied card, or a freed block
 * that still holds an earlier version, shows no tag key. The pool key is HKDF-SHA256 of the device
 * key (info {@code qkd-modem auth-pool v2}); every rewrite draws a fresh 16-byte salt and encrypts
 * under its own file key {@code HMAC-SHA256(pool key, salt || "file")} with AES-256-GCM and a fresh
 * 12-byte nonce. File format: magic {@code QKDAUTH2}, version (8 bytes, +1 per rewrite), key check
 * (16 bytes, {@code HMAC-SHA256(pool key, "key check")}), salt (16), nonce (12), then the GCM
 * ciphertext and 16-byte tag of: position (8), end (8), count of remembered request ids (4), the
 * ids (8 each), the {@code end - position} unused bytes. The 60 header bytes are the associated
 * data. A file of the old plaintext format ({@code QKDAUTH1}, CRC-32C) is migrated on {@link
 * #open}: read, checked and rewritten encrypted at once.
 */
public final class AuthKeyPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthKeyPool.class);
    private static final byte[] MAGIC_V1 = {'Q', 'K', 'D', 'A', 'U', 'T', 'H', '1'};
    private static final int HEADER_V1 = 8 + 8 + 8 + 4;
    private static final byte[] MAGIC = {'Q', 'K', 'D', 'A', 'U', 'T', 'H', '2'};
    private static final int CHECK = 16;
    private static final int SALT = 16;
    private static final int NONCE = 12;
    private static final int GCM_TAG = 16;
    private static final int HEADER = 8 + 8 + CHECK + SALT + NONCE;
    private static final int BODY = 8 + 8 + 4;
    private static final byte[] POOL_INFO =
            "qkd-modem auth-pool v2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK_LABEL = "key check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_LABEL = "file".getBytes(StandardCharsets.US_ASCII);

    /** Bytes of the device key the pool file is encrypted under. */
    public static final int DEVICE_KEY_BYTES = 32;

    /** Replenish request ids remembered for idempotence. */
    public static final int REMEMBERED_REQUESTS = 64;

    /** Largest pool kept (bytes not yet used); replenishing beyond it is refused. */
    public static final int MAX_UNUSED_BYTES = 1 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final byte[] poolKey;
    private long version;
    private long position;
    private byte[] unused;
    private final java.util.ArrayDeque<Long> requests = new java.util.ArrayDeque<>();
    private boolean closed;

    private AuthKeyPool(Path file, byte[] poolKey, long version, long position, byte[] unused) {
        this.file = file;
        this.poolKey = poolKey;
        this.version = version;
        this.position = position;
        this.unused = unused;
    }

    /** A pool held only in memory (tests, simulations). The secret is copied. */
    public static AuthKeyPool inMemory(byte[] secret) {
        return new AuthKeyPool(null, null, 0, 0, secret.clone());
    }

    /**
     * Creates a pool file from a provisioned secret, encrypted under {@code deviceKey}. Refuses to
     * overwrite an existing file. The caller keeps and zeroizes both arrays.
     *
     * @throws AuthPoolException STORAGE if the file exists or cannot be written, or the device key
     *     has the wrong size
     */
    public static AuthKeyPool provision(Path file, byte[] secret, byte[] deviceKey)
            throws AuthPoolException {
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
        AuthKeyPool pool = new AuthKeyPool(file, poolKey(deviceKey), 0, 0, secret.clone());
        try {
            pool.persist();
        } catch (AuthPoolException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /**
     * Opens an existing pool file with the board's device key. A file in the old plaintext format
     * is migrated: checked, then rewritten encrypted before this returns.
     *
     * @throws AuthPoolException WRONG_DEVICE_KEY if the file was encrypted under another device
     *     key; STORAGE if it is missing, unreadable, altered or corrupt
     */
    public static AuthKeyPool open(Path file, byte[] deviceKey) throws AuthPoolException {
        byte[] key = poolKey(deviceKey);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            Arrays.fill(key, (byte) 0);
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " does not exist (run the provision command)");
        } catch (IOException e) {
            Arrays.fill(key, (byte) 0);
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot read auth pool file " + file + ": " + e.getMessage(),
                    e);
        }
        boolean done = false;
        try {
            AuthKeyPool pool;
            if (raw.length >= 8 && Arrays.equals(Arrays.copyOf(raw, 8), MAGIC_V1)) {
                pool = readV1(file, key, raw);
                try {
                    pool.persist();
                } catch (AuthPoolException e) {
                    pool.close();
                    throw e;
                }
                LOG.warn(
                        "auth pool file {} was in the old plaintext format; rewritten encrypted"
                                + " under the device key (earlier plaintext copies may remain in"
                                + " freed blocks of the medium)",
                        file);
            } else {
                pool = readV2(file, key, raw);
            }
            done = true;
            return pool;
        } finally {
            Arrays.fill(raw, (byte) 0);
            if (!done) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static AuthKeyPool readV2(Path file, byte[] key, byte[] raw) throws AuthPoolException {
        if (raw.length < HEADER + GCM_TAG + BODY || !Arrays.equals(Arrays.copyOf(raw, 8), MAGIC)) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " is corrupt (bad magic or length)");
        }
        byte[] check = keyCheck(key);
        if (!MessageDigest.isEqual(check, Arrays.copyOfRange(raw, 16, 16 + CHECK))) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.WRONG_DEVICE_KEY,
                    "auth pool file "
                            + file
                            + " was not written under this board's device key (wrong device key"
                            + " file, or a pool file from another board)");
        }
        long ver = ByteBuffer.wrap(raw, 8, 8).getLong();
        byte[] salt = Arrays.copyOfRange(raw, 16 + CHECK, 16 + CHECK + SALT);
        byte[] plain;
        byte[] fileKey = fileKey(key, salt);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(fileKey, "AES"),
                    new GCMParameterSpec(GCM_TAG * 8, raw, HEADER - NONCE, NONCE));
            c.updateAAD(raw, 0, HEADER);
            plain = c.doFinal(raw, HEADER, raw.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file "
                            + file
                            + " is corrupt or was altered (authentication failed)");
        } catch (GeneralSecurityException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE, "cannot decrypt auth pool file " + file, e);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
        try {
            return parseBody(file, key, ver, plain, 0, plain.length);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static AuthKeyPool readV1(Path file, byte[] key, byte[] raw) throws AuthPoolException {
        if (raw.length < HEADER_V1 + 4
                || crc(raw, raw.length - 4) != ByteBuffer.wrap(raw, raw.length - 4, 4).getInt()) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file "
                            + file
                            + " (old plaintext format) is corrupt (bad length or"
                            + " CRC)");
        }
        return parseBody(file, key, 0, raw, 8, raw.length - 4);
    }

    /** Parses position, end, ids and unused bytes from {@code b[from, to)}. */
    private static AuthKeyPool parseBody(
            Path file, byte[] key, long ver, byte[] b, int from, int to) throws AuthPoolException {
        ByteBuffer buf = ByteBuffer.wrap(b, from, to - from);
        if (to - from < BODY) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " is corrupt (too short)");
        }
        long pos = buf.getLong();
        long end = buf.getLong();
        int ids = buf.getInt();
        long header = BODY + 8L * ids;
        if (pos < 0
                || end < pos
                || ids < 0
                || ids > REMEMBERED_REQUESTS
                || end - pos != (to - from) - header) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " is corrupt (inconsistent offsets)");
        }
        AuthKeyPool pool =
                new AuthKeyPool(
                        file, key, ver, pos, Arrays.copyOfRange(b, from + (int) header, to));
        for (int i = 0; i < ids; i++) {
            pool.requests.addLast(buf.getLong());
        }
        return pool;
    }

    private static byte[] poolKey(byte[] deviceKey) throws AuthPoolException {
        if (deviceKey == null || deviceKey.length != DEVICE_KEY_BYTES) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "device key must hold " + DEVICE_KEY_BYTES + " bytes");
        }
        // HKDF-SHA256 (RFC 5869) with an empty salt and one output block.
        byte[] prk = hmac(new byte[32], deviceKey);
        try {
            byte[] info = Arrays.copyOf(POOL_INFO, POOL_INFO.length + 1);
            info[POOL_INFO.length] = 1;
            return hmac(prk, info);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    private static byte[] keyCheck(byte[] poolKey) {
        return Arrays.copyOf(hmac(poolKey, CHECK_LABEL), CHECK);
    }

    private static byte[] fileKey(byte[] poolKey, byte[] salt) {
        byte[] in = Arrays.copyOf(salt, salt.length + FILE_LABEL.length);
        System.arraycopy(FILE_LABEL, 0, in, salt.length, FILE_LABEL.length);
        return hmac(poolKey, in);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
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
        int bodyLen = BODY + 8 * requests.size() + unused.length;
        ByteBuffer body = ByteBuffer.allocate(bodyLen);
        body.putLong(position).putLong(position + unused.length).putInt(requests.size());
        for (long id : requests) {
            body.putLong(id);
        }
        body.put(unused);
        long nextVersion = version + 1;
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.put(MAGIC).putLong(nextVersion).put(keyCheck(poolKey)).put(salt).put(nonce);
        byte[] fileKey = fileKey(poolKey, salt);
        byte[] out = new byte[HEADER + bodyLen + GCM_TAG];
        System.arraycopy(header.array(), 0, out, 0, HEADER);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(fileKey, "AES"),
                    new GCMParameterSpec(GCM_TAG * 8, nonce));
            c.updateAAD(out, 0, HEADER);
            c.doFinal(body.array(), 0, bodyLen, out, HEADER);
        } catch (GeneralSecurityException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE, "cannot encrypt auth pool file " + file, e);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
            Arrays.fill(body.array(), (byte) 0);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try (SeekableByteChannel ch = createOwnerOnly(tmp)) {
                ByteBuffer b = ByteBuffer.wrap(out);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                if (ch instanceof FileChannel fc) {
                    fc.force(true);
                }
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
            version = nextVersion;
        } catch (IOException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot write auth pool file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** Creates {@code f} (which must not exist) readable and writable by its owner only. */
    private static SeekableByteChannel createOwnerOnly(Path f) throws IOException {
        Set<StandardOpenOption> opts =
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(
                    f,
                    opts,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(f, opts);
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
        if (poolKey != null) {
            Arrays.fill(poolKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "AuthKeyPool[position=" + position + ", available=" + unused.length + "]";
    }
}
