package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.rig.testing.DemoJson;
import io.qkdmodem.rig.testing.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, the way README runs it ({@code java -jar test-rig.jar demo}): two modems on
 * the simulated fiber, two host agents, a Quantum TLS tunnel and data through it. Each run gets its
 * own {@code java.io.tmpdir}, which must be empty afterwards, and must leave no socat behind.
 */
class DemoIT {

    private static final Path JAR = Path.of("target/test-rig.jar");

    record Run(int exitCode, String out, String err) {}

    @TempDir Path tmp;

    @Test
    void demoAt10KmSucceedsAndEchoesIdenticalData() throws Exception {
        Run r = run("demo", "--json", "--distance-km", "10", "--seed", "7");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).as("exactly one line of JSON on stdout").hasSize(1);
        Map<String, Object> json = JsonReader.parseObject(r.out());
        DemoJson.assertThat(json).succeeded().hasQberBelow(0.11).echoed(65536);
        assertThat(json).containsEntry("distance_km", 10.0).containsEntry("profile", "default");
        assertThat((Double) json.get("pulses")).isGreaterThan((Double) json.get("sifted_bits"));
        // The default weak-coherent source: the key is one whole block of at least 2^19 bits,
        // sized by the decoy-state bound on that block's counts, which leaves less than the
        // single-photon bound claims for the same block, sample, QBER and leak.
        assertThat(json).containsEntry("source_model", "weak-coherent");
        assertThat((Double) json.get("sifted_bits_used")).isGreaterThanOrEqualTo(1 << 19);
        double secret = (Double) json.get("secret_bits");
        assertThat(secret).isPositive();
        assertThat(secret).isLessThan((Double) json.get("single_photon_secret_bits"));
        assertThat(r.err()).contains("sifted key");
        assertNothingLeft();
    }

    @Test
    void interceptResendOnEveryPulseAborts() throws Exception {
        // A small block keeps this quick: the QBER check aborts before any key length is sized.
        Run r =
                run(
                        "demo",
                        "--json",
                        "--eve-fraction",
                        "1",
                        "--seed",
                        "7",
                        "--sifted-bits",
                        "65536");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> json = JsonReader.parseObject(r.out());
        // The handshake engine does not report its QBER estimate when it aborts (qber is null);
        // the modems' link monitor saw the intercept-resend errors while key accumulated.
        DemoJson.assertThat(json).abortedBecause("eavesdropping detected");
        assertThat((Double) json.get("monitor_qber")).isGreaterThan(0.11);
        assertNothingLeft();
    }

    @Test
    void ptySerialLinksThroughJSerialCommWork() throws Exception {
        assumeThat(SocatPtyPair.findSocat()).as("socat is installed").isPresent();
        Set<Long> socatBefore = socatPids();
        Run r = run("demo", "--serial", "pty", "--seed", "11");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("pty serial links")
                .contains("bytes through Quantum TLS and back, identical")
                .contains("result               OK");
        assertThat(socatPids()).as("no socat left running").isSubsetOf(socatBefore);
        assertNothingLeft();
    }

    private void assertNothingLeft() throws IOException {
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

    /**
     * The socat processes that no live program owns: what a finished demo could have left behind
     * (its own socat children would be orphaned once it exited). Socats of other programs running
     * on the machine at the same time, such as another build's tests, have a live parent.
     */
    private static Set<Long> socatPids() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/socat")).orElse(false))
                .filter(p -> p.parent().map(q -> q.pid() == 1 || !q.isAlive()).orElse(true))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private Run run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("built by mvn package").isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Path out = tmp.resolve("jar-out.txt");
        Path err = tmp.resolve("jar-err.txt");
        Process process =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + Files.readString(err));
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
}
