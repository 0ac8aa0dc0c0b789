package io.qkdmodem.firmware.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The numbering hints that outlive a restart: the highest block id and frame id used. Rewritten
 * atomically (temporary file, fsync, rename). The key store stays the truth for blocks: on start
 * the firmware probes the store past the hint.
 */
final class StateFile {
    private final Path file;

    StateFile(Path file) {
        this.file = file;
    }

    /** [lastBlockId, lastFrameId], -1 each when absent or unreadable. */
    long[] read() {
        long[] v = {-1, -1};
        if (file == null || !Files.exists(file)) {
            return v;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] kv = line.split("=", 2);
                if (kv.length == 2 && kv[0].trim().equals("last-block-id")) {
                    v[0] = Long.parseLong(kv[1].trim());
                } else if (kv.length == 2 && kv[0].trim().equals("last-frame-id")) {
                    v[1] = Long.parseLong(kv[1].trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return new long[] {-1, -1};
        }
        return v;
    }

    void write(long lastBlockId, long lastFrameId) throws IOException {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] text =
                ("last-block-id=" + lastBlockId + "\nlast-frame-id=" + lastFrameId + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text));
            ch.force(true);
        }
        try {
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
