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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * modems hold the same pool, byte for byte at every address: it starts from a secret provisioned on
 * both boards (addresses {@code [0, secret length)}) and grows when the host agents hand back a
 * slice of each final key ({@link #place}). Bytes are addressed by a logical offset; the pool
 * remembers its {@link #position()} (everything before it is used and forgotten) and holds the
 * unused bytes as <em>runs</em> (address, bytes) above it. The address space is sparse: a
 * replenished slice goes to the place both modems derive from the key reference that produced it
 * ({@link #replenishAddress}), whatever order the slices arrive in; a slice this modem never got
 * leaves a <em>gap</em>, which no tag key is ever taken from and which shifts nothing after it.
 *
 * <p>{@link #take} makes the new position durable before it returns the bytes, so a key is never
 * used twice, also across power cuts; it takes only bytes inside one run ({@link
 * AuthPoolException.Reason#MISSING} for a window that touches a gap). {@link #place} is idempotent
 * and durable before it returns. With a file, every change rewrites the file atomically (temporary
 * file created owner-only, fsync, rename, directory fsync): the pool is small (kilobytes).
 * Thread-safe.
 *
 * <p>At rest the file is encrypted under the board's device key, so a copied card, or a freed block
 * that still holds an earlier version, shows no tag key. The pool key is HKDF-SHA256 of the device
 * key (info {@code qkd-modem auth-pool v2}); every rewrite draws a fresh 16-byte salt and encrypts
 * under its own file key {@code HMAC-SHA256(pool key, salt || "file")} with AES-256-GCM and a fresh
 * 12-byte nonce. File format: magic {@code QKDAUTH3}, version (8 bytes, +1 per rewrite), key check
 * (16 bytes, {@code HMAC-SHA256(pool key, "key check")}), salt (16), nonce (12), then the GCM
 * ciphertext and 16-byte tag of: position (8), number of runs (4), then per run its address (8),
 * length (4) and bytes, in increasing address order. The 60 header bytes are the associated data.
 * Files of the earlier formats are migrated on {@link #open} (read, checked and rewritten at once):
 * {@code QKDAUTH2} (same header; body position, end, remembered request ids, the unused bytes) and
 * the plaintext {@code QKDAUTH1} (CRC-32C); their unused bytes become one run at their position.
 */
public final class AuthKeyPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthKeyPool.class);
    private static final byte[] MAGIC_V1 = {'Q', 'K', 'D', 'A', 'U', 'T', 'H', '1'};
    private static final int HEADER_V1 = 8 + 8 + 8 + 4;
    private static final byte[] MAGIC_V2 = {'Q', 'K', 'D', 'A', 'U', 'T', 'H', '2'};
    private static final byte[] MAGIC = {'Q', 'K', 'D', 'A', 'U', 'T', 'H', '3'};
    private static final int CHECK = 16;
    private static final int SALT = 16;
    private static final int NONCE = 12;
    private static final int GCM_TAG = 16;
    private static final int HEADER = 8 + 8 + CHECK + SALT + NONCE;
    private static final int BODY_V2 = 8 + 8 + 4;
    private static final int BODY = 8 + 4;
    private static final int RUN_HEADER = 8 + 4;
    private static final byte[] POOL_INFO =
            "qkd-modem auth-pool v2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK_LABEL = "key check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_LABEL = "file".getBytes(StandardCharsets.US_ASCII);

    /** Bytes of the device key the pool file is encrypted under. */
    public static final int DEVICE_KEY_BYTES = 32;

    /** Request ids an old ({@code QKDAUTH1/2}) file may hold; they are dropped on migration. */
    private static final int OLD_REMEMBERED_REQUESTS = 64;

    /** Largest pool kept (bytes not yet used); replenishing beyond it is refused. */
    public static final int MAX_UNUSED_BYTES = 1 << 20;

    /** Most runs kept (the provisioned secret and the replenished slices not used up yet). */
    public static final int MAX_RUNS = 4096;

    /** Largest replenished slice (bytes) one key reference can place. */
    public static final int MAX_SLICE_BYTES = 1 << 16;

    /**
     * First address of replenished material: everything below is the provisioned secret (at most
     * {@link #MAX_UNUSED_BYTES}) and, in a pool migrated from an earlier format, what was appended
     * to it then.
     */
    public static final long REPLENISH_BASE = 1L << 32;

    /** Largest key block id {@link #replenishAddress} maps (2^31 - 1 blocks). */
    public static final long MAX_REPLENISH_BLOCK = (1L << 31) - 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final byte[] poolKey;
    private PoolVersionWitness witness;
    private long version;
    private long position;

    /** Unused bytes: disjoint runs, every address at or above {@link #position}. */
    private TreeMap<Long, byte[]> runs = new TreeMap<>();

    private boolean closed;

    /** What {@link #place} did with a slice. */
    public enum Placement {
        /** Stored at its address by this call. */
        PLACED,
        /** Already stored there with the same bytes (a retried REPLENISH): nothing changed. */
        HELD,
        /**
         * The pool's position is already past that address (its keys, or the gap it filled, were
         * skipped by both modems): nothing stored, nothing changed.
         */
        PASSED
    }

    private AuthKeyPool(Path file, byte[] poolKey, long version, long position) {
        this.file = file;
        this.poolKey = poolKey;
        this.version = version;
        this.position = position;
    }

    private static AuthKeyPool withRun(
            Path file, byte[] poolKey, long version, long position, byte[] bytes) {
        AuthKeyPool p = new AuthKeyPool(file, poolKey, version, position);
        if (bytes.length > 0) {
            p.runs.put(position, bytes);
        }
        return p;
    }

    /** A pool held only in memory (tests, simulations). The secret is copied. */
    public static AuthKeyPool inMemory(byte[] secret) {
        return withRun(null, null, 0, 0, secret.clone());
    }

    /**
     * The address of the replenished slice produced by the key {@code (blockId, bitOffset, ...)}:
     * {@code REPLENISH_BASE + blockId * 2^31 + bitOffset}. Both modems of a link hold the same key
     * references, so both derive the same address. Slices of different references never overlap:
     * two references into one block lie at least one reference's bit length apart, and a slice
     * holds at most that many bytes / 8 (checked by the caller), far less than that many bits.
     *
     * @throws IllegalArgumentException for a negative offset or a block id above {@link
     *     #MAX_REPLENISH_BLOCK}
     */
    public static long replenishAddress(long blockId, int bitOffset) {
        if (blockId < 0 || blockId > MAX_REPLENISH_BLOCK || bitOffset < 0) {
            throw new IllegalArgumentException(
                    "key reference outside the replenish address space (block "
                            + blockId
                            + ", bit offset "
                            + bitOffset
                            + ")");
        }
        return REPLENISH_BASE + (blockId << 31) + bitOffset;
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
        return provision(file, secret, deviceKey, null);
    }

    /**
     * As {@link #provision(Path, byte[], byte[])}, with the file's versions recorded by {@code
     * witness} (null for none): the new file's version continues from what the witness recorded (a
     * re-provisioned pool starts above every version of the pool it replaces, so none of those
     * files can be put back). A secret the witness has seen before is refused: a pool built from it
     * again would hand out the same tag keys from position 0. Its fingerprint ({@code
     * HMAC-SHA256(pool key, "provisioned secret" || secret)}, first 63 bits) is recorded before the
     * file is written.
     *
     * @throws AuthPoolException ROLLBACK if the witness saw this secret provisioned before (nothing
     *     is written); STORAGE as {@link #provision(Path, byte[], byte[])}
     */
    public static AuthKeyPool provision(
            Path file, byte[] secret, byte[] deviceKey, PoolVersionWitness witness)
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
        if (secret.length > MAX_UNUSED_BYTES) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "provisioned secret must hold at most " + MAX_UNUSED_BYTES + " bytes");
        }
        byte[] key = poolKey(deviceKey);
        long startVersion = 0;
        if (witness != null) {
            long fp = secretFingerprint(key, secret);
            if (witness.secretSeen(fp)) {
                Arrays.fill(key, (byte) 0);
                throw new AuthPoolException(
                        AuthPoolException.Reason.ROLLBACK,
                        "this auth secret was provisioned on this board before; a pool built from"
                                + " it again would reuse its tag keys. Generate a NEW secret and"
                                + " provision both boards with it");
            }
            startVersion = witness.recorded();
            witness.recordSecret(fp);
        }
        AuthKeyPool pool = withRun(file, key, startVersion, 0, secret.clone());
        pool.witness = witness;
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
        return open(file, deviceKey, null);
    }

    /**
     * As {@link #open(Path, byte[])}, checking the file's version against {@code witness} (null for
     * none). The witness is written before every rewrite of the file, so the file's version is the
     * recorded one, or one less when power failed between the two. Anything else is refused. A
     * witness that recorded nothing yet (a key store older than this check, or a new one) records
     * the file's version now. {@link #take} also records the new position with the witness before
     * it rewrites the file, and the pool opens at the higher of the file's and the recorded
     * position (runs below it are dropped): a file one version old, whether from a power cut or an
     * attacker's copy taken just before the last take, never hands out a key twice.
     *
     * @throws AuthPoolException ROLLBACK if the file's version is not the recorded one or the one
     *     before it (nothing is changed); as {@link #open(Path, byte[])} otherwise
     */
    public static AuthKeyPool open(Path file, byte[] deviceKey, PoolVersionWitness witness)
            throws AuthPoolException {
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
            boolean v1 = raw.length >= 8 && Arrays.equals(Arrays.copyOf(raw, 8), MAGIC_V1);
            boolean v2 = raw.length >= 8 && Arrays.equals(Arrays.copyOf(raw, 8), MAGIC_V2);
            if (v1 || v2) {
                pool = v1 ? readV1(file, key, raw) : readEncrypted(file, key, raw, MAGIC_V2);
                try {
                    pool.attach(witness);
                    pool.persist();
                } catch (AuthPoolException e) {
                    pool.close();
                    throw e;
                }
                LOG.warn(
                        v1
                                ? "auth pool file {} was in the old plaintext format; rewritten"
                                        + " encrypted under the device key (earlier plaintext"
                                        + " copies may remain in freed blocks of the medium)"
                                : "auth pool file {} was in format 2 (appended slices);"
                                        + " rewritten in format 3 (slices placed by key"
                                        + " reference)",
                        file);
            } else {
                pool = readEncrypted(file, key, raw, MAGIC);
                try {
                    pool.attach(witness);
                } catch (AuthPoolException e) {
                    pool.close();
                    throw e;
                }
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

    private static AuthKeyPool readEncrypted(Path file, byte[] key, byte[] raw, byte[] magic)
            throws AuthPoolException {
        if (raw.length < HEADER + GCM_TAG + BODY || !Arrays.equals(Arrays.copyOf(raw, 8), magic)) {
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
            return magic == MAGIC
                    ? parseRuns(file, key, ver, plain)
                    : parseBody(file, key, ver, plain, 0, plain.length);
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

    /**
     * Checks this pool's version against {@code w} (see {@link #open(Path, byte[],
     * PoolVersionWitness)}).
     */
    private void attach(PoolVersionWitness w) throws AuthPoolException {
        if (w == null) {
            return;
        }
        long recorded = w.recorded();
        if (recorded == 0) {
            w.record(Math.max(1, version));
            LOG.warn(
                    "auth pool file {}: no version recorded in the key store yet; recorded {}"
                            + " (from now on an older copy of the file is refused)",
                    file,
                    Math.max(1, version));
        } else if (version < recorded - 1 || version > recorded) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.ROLLBACK,
                    "auth pool file "
                            + file
                            + " has version "
                            + version
                            + " but the key store recorded "
                            + recorded
                            + (version < recorded
                                    ? ": an older copy of the file was put back; its tag keys"
                                            + " may have been used already. Re-provision both"
                                            + " boards from a fresh auth secret"
                                    : ": the key store is older than the pool file (replaced"
                                            + " or rolled back)"));
        }
        long recordedPosition = w.recordedPosition();
        if (recordedPosition > position) {
            // A file one version old (a power cut, or a copy put back) below the position the
            // store recorded before the last take: those bytes were used, drop them.
            LOG.warn(
                    "auth pool file {} is behind the position recorded in the key store;"
                            + " skipping to it",
                    file);
            TreeMap<Long, byte[]> kept = new TreeMap<>();
            for (Map.Entry<Long, byte[]> e : runs.entrySet()) {
                long at = e.getKey();
                byte[] r = e.getValue();
                if (at + r.length <= recordedPosition) {
                    Arrays.fill(r, (byte) 0);
                } else if (at < recordedPosition) {
                    kept.put(
                            recordedPosition,
                            Arrays.copyOfRange(r, (int) (recordedPosition - at), r.length));
                    Arrays.fill(r, (byte) 0);
                } else {
                    kept.put(at, r);
                }
            }
            runs = kept;
            position = recordedPosition;
        }
        witness = w;
    }

    /** Parses position and runs (format 3). */
    private static AuthKeyPool parseRuns(Path file, byte[] key, long ver, byte[] b)
            throws AuthPoolException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        long pos = buf.getLong();
        int n = buf.getInt();
        AuthKeyPool pool = new AuthKeyPool(file, key, ver, pos);
        long next = pos;
        long total = 0;
        if (pos < 0 || n < 0 || n > MAX_RUNS) {
            throw corrupt(file);
        }
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < RUN_HEADER) {
                throw corrupt(file);
            }
            long at = buf.getLong();
            int len = buf.getInt();
            if (at < next || len < 1 || len > buf.remaining() || at > Long.MAX_VALUE - len) {
                throw corrupt(file);
            }
            byte[] bytes = new byte[len];
            buf.get(bytes);
            pool.runs.put(at, bytes);
            next = at + len;
            total += len;
        }
        if (buf.hasRemaining() || total > MAX_UNUSED_BYTES) {
            pool.close();
            throw corrupt(file);
        }
        return pool;
    }

    private static AuthPoolException corrupt(Path file) {
        return new AuthPoolException(
                AuthPoolException.Reason.STORAGE,
                "auth pool file " + file + " is corrupt (inconsistent runs)");
    }

    /** Parses position, end, ids and unused bytes (formats 1 and 2) from {@code b[from, to)}. */
    private static AuthKeyPool parseBody(
            Path file, byte[] key, long ver, byte[] b, int from, int to) throws AuthPoolException {
        ByteBuffer buf = ByteBuffer.wrap(b, from, to - from);
        if (to - from < BODY_V2) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " is corrupt (too short)");
        }
        long pos = buf.getLong();
        long end = buf.getLong();
        int ids = buf.getInt();
        long header = BODY_V2 + 8L * ids;
        if (pos < 0
                || end < pos
                || ids < 0
                || ids > OLD_REMEMBERED_REQUESTS
                || end - pos != (to - from) - header) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool file " + file + " is corrupt (inconsistent offsets)");
        }
        // The remembered request ids are dropped: slices are now idempotent by their address.
        return withRun(file, key, ver, pos, Arrays.copyOfRange(b, from + (int) header, to));
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

    private static final byte[] SECRET_LABEL =
            "provisioned secret".getBytes(StandardCharsets.US_ASCII);

    /** A positive 63-bit fingerprint of a provisioned secret, keyed by the pool key. */
    private static long secretFingerprint(byte[] poolKey, byte[] secret) {
        byte[] in = Arrays.copyOf(SECRET_LABEL, SECRET_LABEL.length + secret.length);
        System.arraycopy(secret, 0, in, SECRET_LABEL.length, secret.length);
        byte[] mac = hmac(poolKey, in);
        Arrays.fill(in, (byte) 0);
        long fp = ByteBuffer.wrap(mac).getLong() & Long.MAX_VALUE;
        return fp == 0 ? 1 : fp;
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

    /** Offset of the first unused byte: everything below was used or skipped. */
    public synchronized long position() {
        return position;
    }

    /** Offset one past the last byte held ({@link #position()} if the pool is empty). */
    public synchronized long end() {
        if (runs.isEmpty()) {
            return position;
        }
        Map.Entry<Long, byte[]> last = runs.lastEntry();
        return last.getKey() + last.getValue().length;
    }

    /** Unused bytes held (gaps not counted). */
    public synchronized long available() {
        long n = 0;
        for (byte[] r : runs.values()) {
            n += r.length;
        }
        return n;
    }

    /**
     * The lowest offset at or above {@code from} where {@code length} unused bytes lie inside one
     * run, i.e. where {@link #take} would succeed: the next tag keys, skipping gaps.
     *
     * @throws AuthPoolException EMPTY if the pool holds no such window
     */
    public synchronized long nextUsable(long from, int length) throws AuthPoolException {
        checkOpen();
        long start = Math.max(from, position);
        Map.Entry<Long, byte[]> e = runs.floorEntry(start);
        if (e == null || e.getKey() + e.getValue().length <= start) {
            e = runs.higherEntry(start);
        }
        for (; e != null; e = runs.higherEntry(e.getKey())) {
            long at = Math.max(start, e.getKey());
            if (at + length <= e.getKey() + e.getValue().length) {
                return at;
            }
        }
        throw new AuthPoolException(
                AuthPoolException.Reason.EMPTY,
                "auth key pool holds no "
                        + length
                        + " unused bytes in one piece at or after offset "
                        + start);
    }

    /**
     * Takes {@code length} bytes at {@code offset}, durably marking everything before {@code offset
     * + length} used (bytes and gaps skipped over are discarded). The caller zeroizes the returned
     * array.
     *
     * @throws AuthPoolException REUSE if {@code offset < position()}; MISSING if the window touches
     *     a gap while the pool holds bytes after it (a replenished slice this modem never got);
     *     EMPTY if the pool holds nothing at or after the window's end; STORAGE if the new position
     *     could not be made durable (the bytes are then not returned)
     */
    public synchronized byte[] take(long offset, int length) throws AuthPoolException {
        byte[] out = window(offset, length);
        long oldPosition = position;
        TreeMap<Long, byte[]> oldRuns = runs;
        TreeMap<Long, byte[]> kept = new TreeMap<>();
        long newPosition = offset + length;
        for (Map.Entry<Long, byte[]> e : oldRuns.entrySet()) {
            long at = e.getKey();
            byte[] r = e.getValue();
            if (at + r.length <= newPosition) {
                continue;
            }
            if (at < newPosition) {
                kept.put(newPosition, Arrays.copyOfRange(r, (int) (newPosition - at), r.length));
            } else {
                kept.put(at, r);
            }
        }
        runs = kept;
        position = newPosition;
        try {
            if (witness != null) {
                // before the file: a copy one version old then opens at this position anyway
                witness.recordPosition(newPosition);
            }
            persist();
        } catch (AuthPoolException e) {
            wipeRunsNotIn(kept, oldRuns);
            runs = oldRuns;
            position = oldPosition;
            Arrays.fill(out, (byte) 0);
            throw e;
        }
        wipeRunsNotIn(oldRuns, kept);
        return out;
    }

    /** Zeroizes every array of {@code a} that is not also in {@code b}. */
    private static void wipeRunsNotIn(TreeMap<Long, byte[]> a, TreeMap<Long, byte[]> b) {
        for (byte[] r : a.values()) {
            if (!b.containsValue(r)) {
                Arrays.fill(r, (byte) 0);
            }
        }
    }

    /**
     * A copy of {@code length} bytes at {@code offset}, without using them: nothing changes, in
     * memory or on storage. For keys that may only be used once a peer's claim is verified; the
     * caller {@link #take}s them before it uses them for anything else, and zeroizes the copy.
     *
     * @throws AuthPoolException REUSE, MISSING or EMPTY as {@link #take}
     */
    public synchronized byte[] peek(long offset, int length) throws AuthPoolException {
        return window(offset, length);
    }

    private byte[] window(long offset, int length) throws AuthPoolException {
        checkOpen();
        if (offset < position) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.REUSE,
                    "offset " + offset + " was used already (pool position " + position + ")");
        }
        Map.Entry<Long, byte[]> e = runs.floorEntry(offset);
        if (e != null && offset + length <= e.getKey() + e.getValue().length) {
            int from = (int) (offset - e.getKey());
            return Arrays.copyOfRange(e.getValue(), from, from + length);
        }
        if (end() >= offset + length) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.MISSING,
                    "the auth key pool has a gap at offset "
                            + offset
                            + " ("
                            + length
                            + " bytes asked for): a replenished slice this modem never received");
        }
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

    /**
     * Places a replenished slice at {@code address} (from {@link #replenishAddress}), durably
     * before it returns. Idempotent: the same slice again is {@link Placement#HELD}; a slice whose
     * address the position has passed is {@link Placement#PASSED} and not stored (the peer modem
     * skipped or will skip those bytes too: both take tag keys only at offsets Alice names). Slices
     * may arrive in any order; nothing shifts. The caller keeps and zeroizes its array.
     *
     * @throws AuthPoolException CONFLICT if other bytes already lie in {@code [address, address +
     *     length)} (nothing changes); STORAGE if the pool would exceed {@link #MAX_UNUSED_BYTES} or
     *     {@link #MAX_RUNS}, or the file cannot be written (nothing changes)
     * @throws IllegalArgumentException for an address below {@link #REPLENISH_BASE} or a slice that
     *     is empty or longer than {@link #MAX_SLICE_BYTES}
     */
    public synchronized Placement place(long address, byte[] material) throws AuthPoolException {
        checkOpen();
        if (address < REPLENISH_BASE || material.length < 1 || material.length > MAX_SLICE_BYTES) {
            throw new IllegalArgumentException("not a replenish slice address or size");
        }
        if (address < position) {
            return Placement.PASSED;
        }
        long endAt = address + material.length;
        Map.Entry<Long, byte[]> before = runs.floorEntry(address);
        if (before != null
                && before.getKey() == address
                && before.getValue().length == material.length) {
            if (MessageDigest.isEqual(before.getValue(), material)) {
                return Placement.HELD;
            }
            throw conflict(address);
        }
        if (before != null && before.getKey() + before.getValue().length > address) {
            throw conflict(address);
        }
        Long next = runs.higherKey(address);
        if (next != null && next < endAt) {
            throw conflict(address);
        }
        if (available() + material.length > MAX_UNUSED_BYTES || runs.size() >= MAX_RUNS) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "auth pool would exceed "
                            + MAX_UNUSED_BYTES
                            + " unused bytes or "
                            + MAX_RUNS
                            + " slices");
        }
        byte[] copy = material.clone();
        runs.put(address, copy);
        try {
            persist();
        } catch (AuthPoolException e) {
            runs.remove(address);
            Arrays.fill(copy, (byte) 0);
            throw e;
        }
        return Placement.PLACED;
    }

    private static AuthPoolException conflict(long address) {
        return new AuthPoolException(
                AuthPoolException.Reason.CONFLICT,
                "other material already lies at replenish address " + address);
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
        int bodyLen = BODY;
        for (byte[] r : runs.values()) {
            bodyLen += RUN_HEADER + r.length;
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLen);
        body.putLong(position).putInt(runs.size());
        for (Map.Entry<Long, byte[]> e : runs.entrySet()) {
            body.putLong(e.getKey()).putInt(e.getValue().length).put(e.getValue());
        }
        long nextVersion = version + 1;
        if (witness != null) {
            witness.record(nextVersion); // before the file: see open(Path, byte[], witness)
        }
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
        for (byte[] r : runs.values()) {
            Arrays.fill(r, (byte) 0);
        }
        if (poolKey != null) {
            Arrays.fill(poolKey, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "AuthKeyPool[position=" + position + ", available=" + available() + "]";
    }
}
