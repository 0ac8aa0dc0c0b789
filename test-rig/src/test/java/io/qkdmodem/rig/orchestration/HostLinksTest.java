package io.qkdmodem.rig.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.rig.scenario.SerialMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class HostLinksTest {

    @Test
    void pipesCarryBytesBothWays() throws Exception {
        try (Workspace w = Workspace.create();
                Teardown t = new Teardown()) {
            HostLinks links =
                    HostLinks.open(SerialMode.PIPE, RigDescription.simulatedDefault(), w, t);
            for (Role role : Role.values()) {
                roundTrip(links.cable(role));
            }
        }
    }

    @Test
    void ptysThroughJSerialCommCarryBytesAndLeaveNothingBehind() throws Exception {
        assumeThat(SocatPtyPair.findSocat()).as("socat installed").isPresent();
        Workspace w = Workspace.create();
        try (Teardown t = new Teardown()) {
            t.add("workspace", w);
            HostLinks links =
                    HostLinks.open(SerialMode.PTY, RigDescription.simulatedDefault(), w, t);
            for (Role role : Role.values()) {
                assertThat(links.cable(role).description()).startsWith("socat pty /dev/pts/");
                roundTrip(links.cable(role));
            }
        }
        assertThat(Files.exists(w.dir())).isFalse();
    }

    private static void roundTrip(HostLinks.Cable cable) throws Exception {
        SerialLink host = cable.hostEnd();
        SerialLink modem = cable.modemEnd().orElseThrow();
        byte[] hello = "RESERVE 4096".getBytes(StandardCharsets.US_ASCII);
        host.write(hello);
        assertThat(readN(modem, hello.length)).isEqualTo(hello);
        byte[] answer = "OK ref=7".getBytes(StandardCharsets.US_ASCII);
        modem.write(answer);
        assertThat(readN(host, answer.length)).isEqualTo(answer);
    }

    private static byte[] readN(SerialLink link, int n) throws Exception {
        byte[] buf = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got < n && System.nanoTime() < deadline) {
            got += link.read(buf, got, n - got);
        }
        return buf;
    }
}
