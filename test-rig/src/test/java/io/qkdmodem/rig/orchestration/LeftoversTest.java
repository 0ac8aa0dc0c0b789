package io.qkdmodem.rig.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.hal.serial.SocatPtyPair;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    @Test
    void aLockedWorkspaceIsNeverRemovedEvenIfItsPidIsNotSeen(@TempDir Path tmp) throws Exception {
        // a live rig in another pid namespace sharing /tmp: its pid is not visible here
        Process dead = new ProcessBuilder("true").start();
        assertThat(dead.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path foreign = Files.createDirectory(tmp.resolve("qkd-rig-foreign"));
        Path owner = foreign.resolve(Leftovers.OWNER_FILE);
        Files.writeString(owner, dead.pid() + " -\n");
        Files.writeString(foreign.resolve("key.bin"), "secret");
        try (FileChannel held =
                FileChannel.open(owner, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            held.lock();
            assertThat(Leftovers.clean(tmp)).isEmpty();
            assertThat(foreign.resolve("key.bin")).exists();
        }
        assertThat(Leftovers.clean(tmp)).as("once the lock is free").containsExactly(foreign);
    }

    @Test
    void aRunWhoseNameIsAPrefixOfAnotherDoesNotClaimTheOthersFiles() {
        String dir = "/tmp/qkd-rig-123";
        assertThat(
                        Leftovers.mentions(
                                new String[] {"socat", "pty,link=/tmp/qkd-rig-1234/a.pty"}, dir))
                .isFalse();
        assertThat(Leftovers.mentions(new String[] {"--config", "/tmp/qkd-rig-1234"}, dir))
                .isFalse();
        assertThat(
                        Leftovers.mentions(
                                new String[] {"pty,raw,echo=0,link=/tmp/qkd-rig-123/a.pty"}, dir))
                .isTrue();
        assertThat(
                        Leftovers.mentions(
                                new String[] {"--config", "/tmp/qkd-rig-123/alice.conf"}, dir))
                .isTrue();
        assertThat(Leftovers.mentions(new String[] {"/tmp/qkd-rig-123"}, dir)).isTrue();
    }
}
