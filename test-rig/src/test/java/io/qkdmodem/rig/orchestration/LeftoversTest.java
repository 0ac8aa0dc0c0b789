package io.qkdmodem.rig.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.hal.serial.SocatPtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a rig killed with SIGKILL left is removed by the next run; a running rig's is not. */
class LeftoversTest {

    @Test
    void workspaceOfADeadRigGoesWithItsSocatAndALiveOneStays(@TempDir Path tmp) throws Exception {
        assumeThat(SocatPtyPair.findSocat()).as("socat is installed").isPresent();
        Process dead = new ProcessBuilder("true").start();
        assertThat(dead.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path stale = Files.createDirectory(tmp.resolve("qkd-rig-stale"));
        Files.writeString(stale.resolve(Leftovers.OWNER_FILE), dead.pid() + " -\n");
        SocatPtyPair socat =
                SocatPtyPair.start(
                        Duration.ofSeconds(5),
                        stale.resolve("alice-host.pty").toString(),
                        stale.resolve("alice-modem.pty").toString());
        Workspace live = Workspace.createIn(tmp);
        Path unowned = Files.createDirectory(tmp.resolve("qkd-rig-unowned"));
        try {
            assertThat(Leftovers.clean(tmp)).containsExactly(stale);
            assertThat(stale).doesNotExist();
            assertThat(socat.isAlive()).as("the dead rig's socat is stopped").isFalse();
            assertThat(live.dir()).isDirectory();
            assertThat(unowned).as("a workspace without an owner is not judged").isDirectory();
        } finally {
            socat.close();
            live.close();
        }
        assertThat(live.dir()).doesNotExist();
    }
}
