package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.rig.testing.DemoJson;
import io.qkdmodem.rig.testing.JsonReader;
import io.qkdmodem.rig.testing.RigJar;
import io.qkdmodem.rig.testing.RigJar.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardware in the loop: the demo on the bench's two boards, as docs/rig.md describes. Runs with
 * {@code mvn -Phil verify -Dqkd.rig=/path/to/bench.properties} (or {@code QKD_RIG} in the
 * environment); skipped with that message when no rig description is named.
 */
@Tag("hil")
class BoardBenchIT {

    @TempDir Path tmp;

    @Test
    void demoOnTheBenchBoardsEchoesIdenticalData() throws Exception {
        String rig = System.getProperty("qkd.rig", System.getenv("QKD_RIG"));
        assumeThat(rig)
                .as("a bench rig description: -Dqkd.rig=FILE or QKD_RIG=FILE (docs/rig.md)")
                .isNotBlank();
        RigJar jar = new RigJar(tmp);
        Run r = jar.finish(jar.start("demo", "--json", "--rig", rig, "--timeout-s", "600"), 900);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> json = JsonReader.parseObject(r.out());
        DemoJson.assertThat(json).succeeded().hasQberBelow(0.11).echoed(65536);
        assertThat(json).containsEntry("modems", "boards");
        jar.assertNothingLeft();
    }
}
