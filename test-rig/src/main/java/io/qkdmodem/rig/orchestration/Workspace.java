package io.qkdmodem.rig.orchestration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A temporary directory for one rig run (flash images, pty links, logs of child processes), removed
 * with everything in it on {@link #close()}.
 */
public final class Workspace implements AutoCloseable {

    private final Path dir;

    /** The locked owner file while this process owns the workspace ({@link Leftovers}), or null. */
    private final FileChannel ownerLock;

    private Workspace(Path dir, FileChannel ownerLock) {
        this.dir = dir;
        this.ownerLock = ownerLock;
    }

    /**
     * Creates a fresh directory under the system temporary directory, owned by this process ({@link
     * Leftovers}).
     */
    public static Workspace create() throws IOException {
        return claimed(Files.createTempDirectory("qkd-rig-"));
    }

    /** Creates a fresh directory under {@code parent}, owned by this process. */
    public static Workspace createIn(Path parent) throws IOException {
        Files.createDirectories(parent);
        return claimed(Files.createTempDirectory(parent, "qkd-rig-"));
    }

    private static Workspace claimed(Path dir) throws IOException {
        return new Workspace(dir, Leftovers.claim(dir));
    }

    /** An existing workspace directory (to remove what a killed run left). */
    static Workspace at(Path dir) {
        return new Workspace(dir, null);
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() {
        try {
            removeTree();
        } finally {
            releaseOwnerLock();
        }
    }

    private void releaseOwnerLock() {
        if (ownerLock != null) {
            try {
                ownerLock.close(); // releases the lock
            } catch (IOException e) {
                throw new UncheckedIOException("could not release the owner lock of " + dir, e);
            }
        }
    }

    private void removeTree() {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(
                    dir,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            Files.deleteIfExists(file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path d, IOException exc)
                                throws IOException {
                            Files.deleteIfExists(d);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove workspace " + dir, e);
        }
    }
}
