package io.qkdmodem.rig.cli;

import io.qkdmodem.rig.json.Json;
import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.progress.Progress;
import io.qkdmodem.rig.run.DemoRequest;
import io.qkdmodem.rig.run.DemoRun;
import io.qkdmodem.rig.scenario.DemoResult;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code test-rig demo}: one end-to-end run of the whole system with a short summary. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Brings up two modems (simulated fiber), two host agents and a Quantum TLS tunnel,",
            "accumulates key, runs one handshake, sends data through the tunnel and back, tears",
            "it all down and prints a summary. Logs go to stderr."
        })
final class DemoCommand implements Callable<Integer> {

    private static final int DEFAULT_TIMEOUT_S = 45;

    @Spec private CommandSpec spec;

    @Option(
            names = "--distance-km",
            paramLabel = "D",
            converter = Options.Distance.class,
            description = "Fiber length, 0..400 km (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    double distanceKm;

    @Option(
            names = "--eve-fraction",
            paramLabel = "F",
            converter = Options.Fraction.class,
            description =
                    "Fraction of pulses an intercept-resend eavesdropper attacks, 0..1 (default:"
                            + " ${DEFAULT-VALUE}).",
            defaultValue = "0")
    double eveFraction;

    @Option(
            names = "--rig",
            paramLabel = "FILE",
            description = "Rig description for real boards (see docs/rig.md); default: simulated.")
    Path rigFile;

    @Mixin RunOptions run;

    @Override
    public Integer call() throws RigException {
        run.timeout(DEFAULT_TIMEOUT_S);
        RigDescription rig =
                rigFile == null ? RigDescription.simulatedDefault() : RigDescription.load(rigFile);
        rig.checkDevicesPresent();
        DemoRequest request =
                run.request(
                        rig,
                        rig.fiberLengthKm().orElse(distanceKm),
                        eveFraction,
                        DemoRequest.DEFAULT_ECHO_BYTES,
                        DEFAULT_TIMEOUT_S);
        Pipeline pipeline = run.pipeline(rig);
        Progress progress = ProgressBar.onStderr();
        DemoResult result = new DemoRun(pipeline, progress).run(request);
        PrintWriter out = spec.commandLine().getOut();
        if (run.json) {
            out.println(toJson(result, hosting(rig)));
        } else {
            out.print(summary(result, request.echoBytes(), hosting(rig)));
        }
        out.flush();
        boolean echoFailed = !result.aborted() && result.bytesEchoed() != request.echoBytes();
        return echoFailed ? 1 : 0;
    }

    /** How the modems of {@code rig} run, as JSON and the summary name it. */
    private String hosting(RigDescription rig) {
        return rig.kind() == RigDescription.Kind.BOARDS ? BOARDS : run.modems.cliName();
    }

    private static final String BOARDS = "boards";

    /**
     * @param modems {@code in-process}, {@code process} or {@code boards} (whose modems do not
     *     report the pulses they sent: {@code pulses} is then null)
     */
    static Json.JsonObject toJson(DemoResult r, String modems) {
        Json.JsonObject o =
                Json.object()
                        .put("distance_km", r.distanceKm())
                        .put("eve_fraction", r.eveFraction())
                        .put("profile", r.profile().cliName())
                        .put("source_model", r.profile().sourceModel())
                        .put("serial", r.serial().cliName())
                        .put("modems", modems);
        if (BOARDS.equals(modems)) {
            o.putNull("pulses");
        } else {
            o.put("pulses", r.pulses());
        }
        return o.put("sifted_bits", r.siftedBits())
                .put("sifted_bits_used", r.siftedBitsUsed())
                .putNullable("qber", Double.isFinite(r.qber()) ? r.qber() : null)
                .putNullable(
                        "monitor_qber", Double.isFinite(r.monitorQber()) ? r.monitorQber() : null)
                .put("secret_bits", r.secretBits())
                .put("single_photon_secret_bits", r.singlePhotonBits())
                .put("handshake_ms", r.handshakeMs())
                .put("aborted", r.aborted())
                .put("abort_reason", r.abortReason())
                .put("bytes_echoed", r.bytesEchoed())
                .put("elapsed_ms", r.elapsedMs());
    }

    static String summary(DemoResult r, int echoBytes, String modems) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "qkd-modem demo: %.1f km of fiber, %s, %s profile, %s serial links, modems"
                                + " %s%n",
                        r.distanceKm(),
                        r.eveFraction() == 0
                                ? "no eavesdropper"
                                : String.format(
                                        Locale.ROOT,
                                        "intercept-resend on %.0f %% of pulses",
                                        100 * r.eveFraction()),
                        r.profile().cliName(),
                        r.serial().cliName(),
                        modems));
        if (BOARDS.equals(modems)) {
            line(sb, "pulses sent", "not reported by the boards");
            line(sb, "sifted key", String.format(Locale.ROOT, "%,d bits", r.siftedBits()));
        } else {
            line(sb, "pulses sent", String.format(Locale.ROOT, "%,d", r.pulses()));
            line(
                    sb,
                    "sifted key",
                    String.format(
                            Locale.ROOT,
                            "%,d bits (%.2e per pulse)",
                            r.siftedBits(),
                            r.siftedBitsPerPulse()));
        }
        line(
                sb,
                "QBER (handshake)",
                Double.isFinite(r.qber())
                        ? String.format(Locale.ROOT, "%.2f %%", 100 * r.qber())
                        : "not estimated");
        if (Double.isFinite(r.monitorQber())) {
            line(
                    sb,
                    "QBER (link monitor)",
                    String.format(Locale.ROOT, "%.2f %%", 100 * r.monitorQber()));
        }
        line(sb, "handshake", r.handshakeMs() + " ms");
        if (r.aborted()) {
            line(sb, "result", "ABORTED: " + r.abortReason());
        } else {
            line(
                    sb,
                    "secret key",
                    String.format(
                            Locale.ROOT,
                            "%,d bits distilled from %,d sifted bits (%s)",
                            r.secretBits(),
                            r.siftedBitsUsed(),
                            r.profile() == SourceProfile.PAPER
                                    ? "single-photon bound"
                                    : String.format(
                                            Locale.ROOT,
                                            "decoy-state bound; the single-photon bound would"
                                                    + " claim %,d",
                                            r.singlePhotonBits())));
            line(
                    sb,
                    "tunnel echo",
                    r.bytesEchoed() == echoBytes
                            ? r.bytesEchoed() + " bytes through Quantum TLS and back, identical"
                            : "FAILED: "
                                    + r.bytesEchoed()
                                    + " of "
                                    + echoBytes
                                    + " bytes came back");
            line(sb, "result", r.bytesEchoed() == echoBytes ? "OK" : "FAILED");
        }
        line(sb, "took", String.format(Locale.ROOT, "%.1f s", r.elapsedMs() / 1000.0));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "  %-20s %s%n", label, value));
    }
}
