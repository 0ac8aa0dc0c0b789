package io.qkdmodem.firmware.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install script refuses clearly, one line per missing prerequisite, and installs nothing. */
class InstallScriptTest {
    static final Path SCRIPT = Path.of("src", "dist", "install.sh");

    @Test
    void refusesWithOneLinePerMissingPrerequisite(@TempDir Path dir) throws Exception {
        // a PATH with the basic tools only: no java, systemctl, useradd or getent
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("id", "sed", "dirname")) {
            for (String d : List.of("/usr/bin/", "/bin/")) {
                if (Files.isExecutable(Path.of(d + tool))) {
                    Files.copy(Path.of(d + tool), bin.resolve(tool));
                    bin.resolve(tool).toFile().setExecutable(true);
                    break;
                }
            }
        }
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.copy(SCRIPT, dist.resolve("install.sh"));
        ProcessBuilder pb =
                new ProcessBuilder("/bin/sh", dist.resolve("install.sh").toString(), "--check");
        pb.environment().put("PATH", bin.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out.lines())
                .allSatisfy(l -> assertThat(l).startsWith("install.sh: "))
                .anySatisfy(l -> assertThat(l).contains("java not found"))
                .anySatisfy(l -> assertThat(l).contains("systemctl not found"))
                .anySatisfy(l -> assertThat(l).contains("useradd not found"))
                .anySatisfy(l -> assertThat(l).contains("modem-firmware.jar not found"))
                .anySatisfy(l -> assertThat(l).contains("modem-firmware.service not found"))
                .last()
                .isEqualTo("install.sh: nothing was installed");
    }

    @Test
    void theUnitRunsTheFirmwareInSixtyFourMegabytesWithAGracefulStop() throws Exception {
        String unit = Files.readString(Path.of("src", "dist", "modem-firmware.service"));
        assertThat(unit)
                .contains("-Xmx64m")
                .contains("run --config @CONF@/modem-firmware.conf")
                .contains("KillSignal=SIGTERM")
                .contains("LimitCORE=0");
    }
}
