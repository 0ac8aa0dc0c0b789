package io.qkdmodem.rig.benchrun;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What each benchmark's figure is compared with: the goals and published figures of DESIGN.md
 * section 6 and the issues, matched by benchmark name. The same anchors head each area's section of
 * docs/benchmarks.md.
 */
public final class Anchors {

    /** An anchor for benchmarks whose name matches {@code pattern}. */
    public record Anchor(Pattern pattern, String text) {}

    private static final List<Anchor> ANCHORS =
            List.of(
                    anchor(
                            "(?i)cascade",
                            "goal >= 50 Mbit/s of sifted key at 2 % QBER (a public C++ Cascade: 5.4"
                                    + " Mbit/s); efficiency f <= 1.05 (best published 1.047 / 1.04 /"
                                    + " 1.045 / 1.055 at 1/2/5/8 %)"),
                    anchor(
                            "(?i)privacyamplification|toeplitz",
                            "goal >= 150 Mbit/s at 10^6 input bits on one core (prior FPGA figure:"
                                    + " 116 Mbit/s)"),
                    anchor(
                            "(?i)\\.(hal|sim)\\.|simulator",
                            "goal 10^9 effective pulses per second at 50 km, one core"),
                    anchor(
                            "(?i)keystore|flash",
                            "append/consume throughput as a ratio of the raw device bandwidth of"
                                    + " the same image"),
                    anchor(
                            "(?i)protocol|modemlink|serial",
                            "key bytes / wire bytes for 4 KiB fetches, goal >= 0.95"),
                    anchor(
                            "(?i)qtls|handshake|record",
                            "the JDK's TLS 1.3 on loopback, measured in the same run"),
                    anchor(
                            "(?i)firmware|sifting",
                            "sifted bits per second of wall time at 0, 25, 50 km; firmware runs in"
                                    + " -Xmx64m"));

    private Anchors() {}

    private static Anchor anchor(String regex, String text) {
        return new Anchor(Pattern.compile(regex), text);
    }

    /** The anchor for a fully qualified benchmark name, if one is known. */
    public static Optional<String> forBenchmark(String benchmark) {
        for (Anchor a : ANCHORS) {
            if (a.pattern().matcher(benchmark).find()) {
                return Optional.of(a.text());
            }
        }
        return Optional.empty();
    }
}
