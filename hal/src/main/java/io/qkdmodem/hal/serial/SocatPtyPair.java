package io.qkdmodem.hal.serial;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A virtual null-modem cable: a {@code socat} process joining two pseudo-terminals, whose device
 * paths ({@code /dev/pts/N}) can be opened with {@link JSerialCommLink} like real ports. For tests,
 * benchmarks and demonstrations without hardware. Close it to stop the process.
 */
public final class SocatPtyPair implements AutoCloseable {

    private static final Pattern PTY_LINE = Pattern.compile("PTY is (\\S+)");

    private final Process process;
    private final String pathA;
    private final String pathB;

    private SocatPtyPair(Process process, String pathA, String pathB) {
        this.process = process;
        this.pathA = pathA;
        this.pathB = pathB;
    }

    /** The {@code socat} executable on the PATH, if there is one. */
    public static Optional<String> findSocat() {
        String pathEnv = System.getenv("PATH");
        if (pathEnv == null) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            java.io.File f = new java.io.File(dir, "socat");
            if (f.isFile() && f.canExecute()) {
                return Optional.of(f.getAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Starts {@code socat -d -d pty,raw,echo=0 pty,raw,echo=0} and waits up to {@code timeout} for
     * it to report both device paths.
     *
     * @throws IOException if socat is absent, fails, or does not report two paths in time
     */
    public static SocatPtyPair start(Duration timeout) throws IOException {
        return start(timeout, null, null);
    }

    /**
     * As {@link #start(Duration)}, and also makes symbolic links {@code linkA} and {@code linkB} to
     * the two devices (socat's {@code link=} option), so a restarted pair keeps stable paths.
     */
    public static SocatPtyPair start(Duration timeout, String linkA, String linkB)
            throws IOException {
        String socat = findSocat().orElseThrow(() -> new IOException("socat is not on the PATH"));
        Process p =
                new ProcessBuilder(
                                socat,
                                "-d",
                                "-d",
                                "pty,raw,echo=0" + (linkA == null ? "" : ",link=" + linkA),
                                "pty,raw,echo=0" + (linkB == null ? "" : ",link=" + linkB))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        List<String> paths = new ArrayList<>();
        BufferedReader err =
                new BufferedReader(
                        new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                String line;
                                while ((line = err.readLine()) != null) {
                                    Matcher m = PTY_LINE.matcher(line);
                                    if (m.find()) {
                                        synchronized (paths) {
                                            paths.add(m.group(1));
                                            paths.notifyAll();
                                        }
                                    }
                                }
                            } catch (IOException ignored) {
                                // process ended
                            }
                        },
                        "socat-stderr");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (paths) {
            while (paths.size() < 2) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.isAlive()) {
                    p.destroyForcibly();
                    throw new IOException("socat did not report two pty paths: " + paths);
                }
                try {
                    paths.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                    throw new IOException("interrupted while starting socat", e);
                }
            }
        }
        // socat logs the pty paths before it makes the links; wait for the links too.
        while ((linkA != null && !java.nio.file.Files.exists(java.nio.file.Path.of(linkA)))
                || (linkB != null && !java.nio.file.Files.exists(java.nio.file.Path.of(linkB)))) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException(
                        "socat did not create links "
                                + linkA
                                + ", "
                                + linkB
                                + " (ptys "
                                + paths
                                + ", alive "
                                + p.isAlive()
                                + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while starting socat", e);
            }
        }
        return new SocatPtyPair(p, paths.get(0), paths.get(1));
    }

    public String pathA() {
        return pathA;
    }

    public String pathB() {
        return pathB;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops socat, which makes both pseudo-terminals disappear (like an unplugged cable). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
