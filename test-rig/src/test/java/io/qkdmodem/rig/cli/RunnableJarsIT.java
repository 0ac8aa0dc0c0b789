package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the three self-contained jars the way a user does ({@code java -jar}) and checks the
 * command-line contract: help and version exit 0, a usage mistake exits 2 with one line on stderr.
 */
class RunnableJarsIT {

    private record Run(int exitCode, String out, String err) {}

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "modem-firmware, ../modem-firmware-java/target/modem-firmware.jar",
        "host-agent,     ../host-agent/target/host-agent.jar",
        "test-rig,       target/test-rig.jar"
    })
    void helpVersionAndUsageErrors(String program, String jarPath) throws Exception {
        Path jar = Path.of(jarPath);
        assertThat(jar).as("built by mvn package").isRegularFile();

        Run help = run(jar, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: " + program);

        Run version = run(jar, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out().strip()).matches(program + " \\d+\\.\\d+\\.\\d+.*");

        Run unknown = run(jar, "--no-such-option");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err().lines()).hasSize(1);
        assertThat(unknown.err()).contains("--no-such-option").doesNotContain("Exception");
    }

    private static Run run(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("jar-out", ".txt");
        Path err = Files.createTempFile("jar-err", ".txt");
        try {
            Process process =
                    new ProcessBuilder(command)
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
