package io.qkdmodem.rig.process;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One modem firmware as its own JVM: {@code java -cp <this program's class path>
 * io.qkdmodem.rig.process.FirmwareChild run --config FILE --status-file FILE --status-interval 1},
 * that is the firmware's {@code run} command (the runnable test-rig jar contains the firmware),
 * with stdout and stderr into a log file. {@link #close()} stops it as systemd would: SIGTERM, a
 * grace period for the graceful stop, then SIGKILL for it and anything it started.
 */
public final class FirmwareProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareProcess.class);

    /** How long a graceful stop may take (a frame in flight finishes first). */
    static final Duration GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path statusFile;
    private final Path log;

    private FirmwareProcess(String name, Process process, Path statusFile, Path log) {
        this.name = name;
        this.process = process;
        this.statusFile = statusFile;
        this.log = log;
    }

    /**
     * Starts the firmware with {@code config}.
     *
     * @param name for messages ("alice's firmware process")
     * @param heapMb the child's maximum heap ({@code -Xmx}); a board runs in 64
     */
    public static FirmwareProcess start(
            String name, Path config, Path statusFile, Path log, int heapMb) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heapMb + "m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FirmwareChild.class.getName());
        command.add("run");
        command.add("--config");
        command.add(config.toString());
        command.add("--status-file");
        command.add(statusFile.toString());
        command.add("--status-interval");
        command.add("1");
        Files.deleteIfExists(statusFile);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        LOG.info("{} started: pid {}", name, p.pid());
        return new FirmwareProcess(name, p, statusFile, log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The last status the firmware wrote ({@code phase}, {@code frames}, {@code available_bits},
     * {@code qber}, ...; see the firmware's {@code run --status-file}); empty until the first.
     */
    public Properties status() {
        Properties p = new Properties();
        if (Files.exists(statusFile)) {
            try (Reader r = Files.newBufferedReader(statusFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                // being replaced: the next read sees the new file
            }
        }
        return p;
    }

    /** A numeric field of the status, {@code absent} when there is none yet. */
    public double statusNumber(String key, double absent) {
        String v = status().getProperty(key);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    /**
     * Why the process is no longer running, in one line (exit code and the last log line), or null
     * while it runs.
     */
    public String death() {
        if (process.isAlive()) {
            return null;
        }
        return name + " exited with code " + process.exitValue() + lastLogLine();
    }

    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return ": " + lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // no log: the exit code says what there is
        }
        return "";
    }

    /** SIGTERM, up to {@link #GRACE} for the graceful stop, then SIGKILL for the whole tree. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        boolean stopped;
        try {
            stopped = process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        if (!stopped) {
            LOG.warn("{} did not stop within {} s: killing it", name, GRACE.toSeconds());
        }
        tree.addAll(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            LOG.warn("{}: a child process did not end: {}", name, e.toString());
        }
        LOG.info("{} stopped ({})", name, stopped ? "gracefully" : "killed");
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
