package io.qkdmodem.rig.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@code test-rig.jar} the way README does ({@code java -jar}), with its own {@code
 * java.io.tmpdir}, and checks what a run leaves behind: files in that directory, processes.
 */
public final class RigJar {

    public static final Path JAR = Path.of("target/test-rig.jar");

    /** What one run printed. */
    public record Run(int exitCode, String out, String err) {}

    private final Path tmp;

    /**
     * @param tmp the rig's {@code java.io.tmpdir}, which must hold nothing after a run
     */
    public RigJar(Path tmp) {
        this.tmp = tmp;
    }

    /** The command that runs the jar with {@code args}. */
    public List<String> command(String... args) {
        assertThat(JAR).as("built by mvn package").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the jar with stdout and stderr into files in the temporary directory. */
    public Process start(String... args) throws IOException {
        return new ProcessBuilder(command(args))
                .redirectOutput(tmp.resolve("jar-out.txt").toFile())
                .redirectError(tmp.resolve("jar-err.txt").toFile())
                .start();
    }

    /** Waits for a started run and collects (and removes) its output files. */
    public Run finish(Process process, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = tmp.resolve("jar-out.txt");
        Path err = tmp.resolve("jar-err.txt");
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("timed out: " + process.info() + "\n" + Files.readString(err));
        }
        Run run =
                new Run(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    /** Runs the jar to its end (at most 90 s). */
    public Run run(String... args) throws IOException, InterruptedException {
        return finish(start(args), 90);
    }

    /** Asserts that the temporary directory holds nothing of a run. */
    public void assertNothingLeft() throws IOException {
        try (Stream<Path> left = Files.list(tmp)) {
            // jSerialComm keeps its extracted native library in java.io.tmpdir/jSerialComm and
            // reuses it on the next start: the serial library's cache, not a file of this run.
            assertThat(
                            left.map(p -> p.getFileName().toString())
                                    .filter(n -> !n.startsWith("jar-"))
                                    .filter(n -> !n.equals("jSerialComm")))
                    .as("temporary files left behind")
                    .isEmpty();
        }
    }

    /** Processes whose command line mentions the temporary directory (the run's children do). */
    public Set<ProcessHandle> processesUsingTmp() {
        String dir = tmp.toString();
        return ProcessHandle.allProcesses()
                .filter(
                        p ->
                                p.info()
                                        .arguments()
                                        .map(a -> Stream.of(a).anyMatch(x -> x.contains(dir)))
                                        .orElse(false))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .collect(Collectors.toSet());
    }
}
