package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.rig.process.FirmwareChild;
import io.qkdmodem.rig.testing.DemoJson;
import io.qkdmodem.rig.testing.JsonReader;
import io.qkdmodem.rig.testing.RigJar;
import io.qkdmodem.rig.testing.RigJar.Run;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --modems process}: each modem's firmware in its own JVM (the firmware's {@code run}
 * command), joined to its agent by a socat pseudo-terminal. After a run, and after a run stopped
 * with SIGTERM (what Ctrl-C does), no process the rig started may be left and its temporary
 * directory must be gone.
 */
class ModemProcessesIT {

    @TempDir java.nio.file.Path tmp;

    private RigJar jar;

    @BeforeEach
    void socatIsThere() {
        assumeThat(SocatPtyPair.findSocat())
                .as("socat is installed (the firmware processes' host links are pseudo-terminals)")
                .isPresent();
        jar = new RigJar(tmp);
    }

    @Test
    void demoAt10KmWithModemProcessesEchoesIdenticalDataAndLeavesNothing() throws Exception {
        Process rig = jar.start("demo", "--json", "--modems", "process", "--seed", "5");
        Set<ProcessHandle> children = awaitFirmwareChildren(rig);
        Set<ProcessHandle> all = Set.copyOf(rig.descendants().toList());
        Run r = jar.finish(rig, 90);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> json = JsonReader.parseObject(r.out());
        DemoJson.assertThat(json).hasAllFields().succeeded().hasQberBelow(0.11).echoed(65536);
        assertThat(json)
                .containsEntry("distance_km", 10.0)
                .containsEntry("modems", "process")
                .containsEntry("serial", "pty");
        assertThat((Double) json.get("pulses")).isGreaterThan((Double) json.get("sifted_bits"));
        assertThat(r.err()).contains("sifted key").contains("firmware process stopped");
        assertGone(children);
        assertGone(all);
        // the run's socat and firmware processes name its temporary directory in their arguments
        // (a machine-wide count of socat processes would see other programs' too)
        assertThat(jar.processesUsingTmp()).as("processes of the run still alive").isEmpty();
        jar.assertNothingLeft();
    }

    @Test
    void sigtermWhileKeyAccumulatesStopsEveryChildAndRemovesTheWorkspace() throws Exception {
        // 100 km with a long timeout: the run is still accumulating key when it is stopped
        Process rig =
                jar.start(
                        "demo",
                        "--modems",
                        "process",
                        "--distance-km",
                        "100",
                        "--timeout-s",
                        "600");
        Set<ProcessHandle> children = awaitFirmwareChildren(rig);
        List<ProcessHandle> all = rig.descendants().toList();
        assertThat(all).as("firmware processes and socat").hasSizeGreaterThanOrEqualTo(4);
        rig.destroy(); // SIGTERM, as Ctrl-C or systemd would stop it
        assertThat(rig.waitFor(60, TimeUnit.SECONDS)).as("the rig stops").isTrue();
        assertGone(children);
        assertGone(Set.copyOf(all));
        assertThat(jar.processesUsingTmp()).as("processes of the run still alive").isEmpty();
        java.nio.file.Files.deleteIfExists(tmp.resolve("jar-out.txt"));
        java.nio.file.Files.deleteIfExists(tmp.resolve("jar-err.txt"));
        jar.assertNothingLeft();
    }

    /** The two firmware JVMs among the rig's descendants, once both are running. */
    private static Set<ProcessHandle> awaitFirmwareChildren(Process rig) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end && rig.isAlive()) {
            Set<ProcessHandle> firmware =
                    rig.descendants()
                            .filter(
                                    p ->
                                            p.info()
                                                    .arguments()
                                                    .map(
                                                            a ->
                                                                    List.of(a)
                                                                            .contains(
                                                                                    FirmwareChild
                                                                                            .class
                                                                                            .getName()))
                                                    .orElse(false))
                            .collect(java.util.stream.Collectors.toSet());
            if (firmware.size() == 2) {
                return firmware;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the rig did not start two firmware processes");
    }

    private static void assertGone(Set<ProcessHandle> processes) throws Exception {
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("still running after the rig ended: " + p.info());
            }
            assertThat(p.isAlive()).as("pid " + p.pid()).isFalse();
        }
    }
}
