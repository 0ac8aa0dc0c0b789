package io.qkdmodem.firmware.server;

import io.qkdmodem.keystore.Reference;
import io.qkdmodem.protocol.message.KeyRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the host's {@link KeyRef} (block id, bit offset, bit length: the same on both modems) to the
 * key store's own {@link Reference} (local to this store). An append-only file of fixed 24-byte
 * records (16-byte KeyRef, 8-byte reference), synced before the KeyRef is returned to the host, so
 * FETCH and CONSUME find their reservation after a restart. A torn last record is ignored (its
 * reserve is answered again from the store's request-id idempotence and re-recorded). Thread-safe.
 */
final class ReferenceIndex implements AutoCloseable {
    private static final int RECORD = KeyRef.LENGTH + 8;

    private final Map<String, Reference> map = new HashMap<>();
    private final FileChannel file;

    private ReferenceIndex(FileChannel file) {
        this.file = file;
    }

    static ReferenceIndex inMemory() {
        return new ReferenceIndex(null);
    }

    static ReferenceIndex open(Path path) throws IOException {
        FileChannel ch =
                FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        ReferenceIndex idx = new ReferenceIndex(ch);
        long whole = ch.size() / RECORD * RECORD;
        ByteBuffer b = ByteBuffer.allocate((int) whole);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read all
        }
        b.flip();
        while (b.remaining() >= RECORD) {
            byte[] ref = new byte[KeyRef.LENGTH];
            b.get(ref);
            idx.map.put(HexFormat.of().formatHex(ref), new Reference(b.getLong()));
        }
        ch.truncate(whole);
        ch.position(whole);
        return idx;
    }

    synchronized Optional<Reference> find(KeyRef ref) {
        return Optional.ofNullable(map.get(HexFormat.of().formatHex(ref.bytes())));
    }

    synchronized void record(KeyRef ref, Reference r) throws IOException {
        String k = HexFormat.of().formatHex(ref.bytes());
        if (r.equals(map.get(k))) {
            return;
        }
        if (file != null) {
            ByteBuffer b = ByteBuffer.allocate(RECORD);
            b.put(ref.bytes()).putLong(r.value()).flip();
            while (b.hasRemaining()) {
                file.write(b);
            }
            file.force(false);
        }
        map.put(k, r);
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
