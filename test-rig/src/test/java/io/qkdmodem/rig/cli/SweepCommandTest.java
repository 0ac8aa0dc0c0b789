package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.rig.testing.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep through the real pipeline (firmware pair, agents, handshake), in this JVM. */
class SweepCommandTest {

    private static final String[] POINT_FIELDS = {
        "distance_km",
        "qber",
        "sifted_bits_per_pulse",
        "secret_bits_per_pulse",
        "asymptotic_bits_per_pulse",
        "plob_bits_per_pulse"
    };

    @Test
    @SuppressWarnings("unchecked")
    void onePointWritesTheReportAndOneJsonObject(@TempDir Path dir) throws Exception {
        CommandLineErrorsTest.Run r =
                CommandLineErrorsTest.run(
                        "sweep",
                        "--distances",
                        "10",
                        // the paper's single-photon source keeps this quick: a 16384-bit block
                        // gives key under its bound, none under the decoy-state bound
                        "--profile",
                        "paper",
                        "--sifted-bits",
                        "16384",
                        "--out",
                        dir.toString(),
                        "--json");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> json = JsonReader.parseObject(r.out());
        assertThat((String) json.get("command")).contains("sweep --distances 10");
        List<Object> points = (List<Object>) json.get("points");
        assertThat(points).hasSize(1);
        Map<String, Object> p = (Map<String, Object>) points.get(0);
        assertThat(p).containsKeys(POINT_FIELDS).containsEntry("aborted", false);
        double secret = (Double) p.get("secret_bits_per_pulse");
        double sifted = (Double) p.get("sifted_bits_per_pulse");
        assertThat(secret).isPositive().isLessThan(sifted);
        assertThat((Double) p.get("plob_bits_per_pulse")).isGreaterThan(secret);
        assertThat(dir.resolve("sweep.csv")).isRegularFile();
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(Files.readString(dir.resolve("README.md"))).contains("| 10 | 0.00 |");
    }

    @Test
    @Tag("slow")
    @SuppressWarnings("unchecked")
    void zeroToHundredKmKeepsTheFiniteKeyRateBelowTheAsymptoticRate() throws Exception {
        CommandLineErrorsTest.Run r =
                CommandLineErrorsTest.run(
                        "sweep", "--distances", "0,25,50,75,100", "--timeout-s", "1800", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<Object> points = (List<Object>) JsonReader.parseObject(r.out()).get("points");
        assertThat(points).hasSize(5);
        for (Object o : points) {
            Map<String, Object> p = (Map<String, Object>) o;
            double ratio =
                    (Double) p.get("secret_bits_per_pulse")
                            / (Double) p.get("asymptotic_bits_per_pulse");
            // One 2^20-bit block under the decoy-state bound of Lim et al. 2014: a positive key,
            // below the asymptotic decoy-state rate (infinitely many decoys, infinite key).
            assertThat(ratio)
                    .as("measured/asymptotic at %s km", p.get("distance_km"))
                    .isGreaterThan(0)
                    .isLessThan(1);
        }
    }
}
