package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.ClickReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bob in a second process, for {@link TwoProcessFiberTest}: connects to Alice's fiber end on
 * loopback, receives frames 0..n-1 and writes one line per frame ({@code id size hash}) to a file.
 * Args: port slots frames seed outFile.
 */
public final class FiberPeerMain {
    private FiberPeerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int slots = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        Path out = Path.of(args[4]);
        SimParameters p = TwoProcessFiberTest.params(seed);
        List<String> lines = new ArrayList<>();
        try (TcpFiberEndpoint end = TcpFiberEndpoint.connect("127.0.0.1", port);
                SimReceiver bob = new SimReceiver(p, end, false, new SeededDrbg(seed, "bob"))) {
            for (int f = 0; f < frames; f++) {
                ClickReport r = bob.receive(f, slots, Duration.ofSeconds(30));
                lines.add(r.frameId() + " " + r.size() + " " + r.hashCode());
            }
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
    }
}
