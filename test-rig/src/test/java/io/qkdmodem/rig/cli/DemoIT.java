package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.rig.testing.DemoJson;
import io.qkdmodem.rig.testing.JsonReader;
import io.qkdmodem.rig.testing.RigJar;
import io.qkdmodem.rig.testing.RigJar.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, the way README runs it ({@code java -jar test-rig.jar demo}): two modems on
 * the simulated fiber, two host agents, a Quantum TLS tunnel and data through it. Each run gets its
 * own {@code java.io.tmpdir}, which must be empty afterwards, and must leave no socat behind.
 */
class DemoIT {

    @TempDir Path tmp;

    private RigJar jar;

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
        // The abort reports the QBER the handshake estimated from its sample (intercept-resend on
        // every pulse gives about 25 %), and the modems' link monitor saw the same errors.
        DemoJson.assertThat(json).abortedBecause("eavesdropping detected");
        assertThat((Double) json.get("qber")).isGreaterThan(0.11);
        assertThat((Double) json.get("monitor_qber")).isGreaterThan(0.11);
        assertNothingLeft();
    }

    @Test
    void ptySerialLinksThroughJSerialCommWork() throws Exception {
        assumeThat(SocatPtyPair.findSocat()).as("socat is installed").isPresent();
        Run r = run("demo", "--serial", "pty", "--seed", "11");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("pty serial links")
                .contains("bytes through Quantum TLS and back, identical")
                .contains("result               OK");
        // the run's socat processes name its temporary directory (their pty links are there); a
        // machine-wide count of socat processes would see other programs' too
        assertThat(jar().processesUsingTmp()).as("no socat of the run left running").isEmpty();
        assertNothingLeft();
    }

    private void assertNothingLeft() throws IOException {
        jar().assertNothingLeft();
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return jar().run(args);
    }

    private RigJar jar() {
        if (jar == null) {
            jar = new RigJar(tmp);
        }
        return jar;
    }
}
