package io.qkdmodem.rig.orchestration;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rig killed with SIGKILL leaves behind, since no shutdown hook runs then: its workspace
 * ({@code qkd-rig-*}) and the socat processes whose pseudo-terminal links are in it (its firmware
 * processes stop on their own). Each workspace names its owner ({@link #OWNER_FILE}: pid and start
 * time), and the owner holds a lock on that file for as long as it runs; a later run removes the
 * workspaces whose owner is no longer running (its pid is gone and the lock is free, so a live rig
 * in another pid namespace sharing the temporary directory is still seen), after stopping the socat
 * and firmware processes that name them. Workspaces of running rigs are never touched.
 */
public final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    /** The file in a workspace that names the rig process that made it. */
    public static final String OWNER_FILE = "owner";

    private static final String FIRMWARE_CHILD = "io.qkdmodem.rig.process.FirmwareChild";

    private Leftovers() {}

    /**
     * Writes this process as the owner of {@code workspace} and locks the owner file; the lock is
     * held until the returned channel is closed (or this process dies).
     */
    static FileChannel claim(Path workspace) throws IOException {
        ProcessHandle me = ProcessHandle.current();
        Path tmp = workspace.resolve(OWNER_FILE + ".tmp");
        byte[] text =
                (me.pid()
                                + " "
                                + me.info().startInstant().map(Instant::toString).orElse("-")
                                + "\n")
                        .getBytes(StandardCharsets.UTF_8);
        // locked before it gets its name (the lock stays with the file across the rename), so a
        // rig looking for leftovers never sees this owner file unlocked
        FileChannel channel =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        try {
            channel.lock();
            channel.write(java.nio.ByteBuffer.wrap(text));
            channel.force(true);
            // atomic, so that a rig looking for leftovers never reads half an owner
            Files.move(tmp, workspace.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /**
     * Removes the workspaces under {@code tmpDir} whose owner is gone, with the socat and firmware
     * processes that still name them.
     *
     * @return the workspaces removed
     */
    public static List<Path> clean(Path tmpDir) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpDir, "qkd-rig-*")) {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir) || !ownerIsGone(dir)) {
                    continue;
                }
                try (FileChannel owner = abandonedOwnerLock(dir)) {
                    if (owner == null) {
                        continue; // locked: its owner runs, maybe in another pid namespace
                    }
                    stopProcessesNaming(dir);
                    try {
                        Workspace.at(dir).close();
                        removed.add(dir);
                        LOG.info("removed {}, left by a rig that was killed", dir);
                    } catch (RuntimeException e) {
                        LOG.warn("cannot remove {}: {}", dir, e.getMessage());
                    }
                } catch (IOException e) {
                    LOG.debug("cannot judge {}: {}", dir, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("no leftovers looked for in {}: {}", tmpDir, e.toString());
        }
        return removed;
    }

    /**
     * The owner file of {@code dir}, opened and locked by this process, if no one else holds its
     * lock; {@code null} if it is locked (here or by another process) or cannot be opened.
     */
    private static FileChannel abandonedOwnerLock(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel =
                    FileChannel.open(
                            dir.resolve(OWNER_FILE),
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
        } catch (IOException e) {
            return null;
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process: a live workspace
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return channel;
    }

    private static boolean ownerIsGone(Path dir) {
        String text;
        try {
            text = Files.readString(dir.resolve(OWNER_FILE), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return false; // not ours to judge (being created, or made by an older build)
        }
        String[] parts = text.split(" ");
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (owner.isEmpty()) {
            return true;
        }
        String started = owner.get().info().startInstant().map(Instant::toString).orElse("-");
        // the same pid with another start time is another process: the owner is gone
        return parts.length > 1
                && !parts[1].equals("-")
                && !started.equals("-")
                && !parts[1].equals(started);
    }

    private static void stopProcessesNaming(Path dir) {
        String path = dir.toString();
        List<ProcessHandle> ours =
                ProcessHandle.allProcesses()
                        .filter(p -> isSocatOrFirmware(p) && mentions(p, path))
                        .toList();
        for (ProcessHandle p : ours) {
            LOG.info("stopping pid {} left by a killed rig", p.pid());
            p.destroy();
        }
        for (ProcessHandle p : ours) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                p.destroyForcibly();
            }
        }
    }

    private static boolean isSocatOrFirmware(ProcessHandle p) {
        ProcessHandle.Info info = p.info();
        return info.command().map(c -> c.endsWith("/socat")).orElse(false)
                || info.arguments().map(a -> List.of(a).contains(FIRMWARE_CHILD)).orElse(false);
    }

    private static boolean mentions(ProcessHandle p, String path) {
        return p.info().arguments().map(a -> mentions(a, path)).orElse(false);
    }

    /**
     * Whether one of {@code arguments} names {@code dir} or a file inside it, argument-wise, with
     * an optional socat address prefix ({@code pty,link=/tmp/qkd-rig-1/x}); a sibling directory
     * whose name starts with the same characters ({@code /tmp/qkd-rig-12}) does not count.
     */
    static boolean mentions(String[] arguments, String dir) {
        return Stream.of(arguments)
                .flatMap(a -> Stream.of(a.split("[,=:]")))
                .anyMatch(x -> x.equals(dir) || x.startsWith(dir + "/"));
    }
}
