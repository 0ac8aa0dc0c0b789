package io.qkdmodem.rig.cli;

import io.qkdmodem.rig.json.Json;
import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.report.SweepPoint;
import io.qkdmodem.rig.report.SweepReport;
import io.qkdmodem.rig.run.DemoRequest;
import io.qkdmodem.rig.run.Sweep;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code test-rig sweep}: key rate against distance and eavesdropper fraction, beside theory. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the real pipeline (modems, agents, Quantum TLS handshake) once per distance and",
            "eavesdropper fraction and sets the measured key rate beside the asymptotic decoy-state",
            "BB84 rate and the PLOB bound. Writes CSV, PNG plots and an offline HTML report."
        })
final class SweepCommand implements Callable<Integer> {

    private static final int DEFAULT_TIMEOUT_S = 120;

    @Spec private CommandSpec spec;

    @Option(
            names = "--distances",
            paramLabel = "D1,D2,...",
            description = "Fiber lengths in km, 0..400 (default: ${DEFAULT-VALUE}).",
            defaultValue = "0,25,50,75,100")
    String distances;

    @Option(
            names = "--eve-fractions",
            paramLabel = "F1,F2,...",
            description = "Intercept-resend fractions, 0..1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    String eveFractions;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Directory for sweep.csv, the PNG plots, report.html and README.md.")
    Path out;

    @Mixin RunOptions run;

    @Override
    public Integer call() throws RigException, IOException {
        List<Double> ds = parse("--distances", distances, Options::distanceKm);
        List<Double> es = parse("--eve-fractions", eveFractions, Options::fraction);
        run.timeout(DEFAULT_TIMEOUT_S);
        if (out == null && !run.json) {
            throw new ParameterException(
                    spec.commandLine(), "say where the report goes (--out DIR) or ask for --json");
        }
        RigDescription rig = RigDescription.simulatedDefault();
        DemoRequest template = run.request(rig, ds.get(0), es.get(0), 0, DEFAULT_TIMEOUT_S);
        Pipeline pipeline = run.pipeline(rig);
        List<SweepPoint> points = new Sweep(pipeline, ProgressBar.onStderr()).run(template, ds, es);
        String command = commandLine();
        if (out != null) {
            SweepReport.Files files =
                    SweepReport.write(
                            out,
                            points,
                            new SweepReport.Meta(
                                    "QKD key rate vs distance: measured through the pipeline, beside theory",
                                    command,
                                    pipeline.theory().source(),
                                    notes(run.siftedBits())));
            spec.commandLine().getErr().println("report written: " + files.html());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (run.json) {
            stdout.println(toJson(points, command, pipeline.theory().source()));
        } else {
            for (SweepPoint p : points) {
                stdout.println(
                        String.format(
                                Locale.ROOT,
                                "%6.1f km  eve %.2f  QBER %6s (monitor %6s)  secret %.3e  asymptotic %.3e  PLOB %.3e bits/pulse%s",
                                p.distanceKm(),
                                p.eveFraction(),
                                Double.isFinite(p.qber())
                                        ? String.format(Locale.ROOT, "%.2f%%", 100 * p.qber())
                                        : "-",
                                Double.isFinite(p.monitorQber())
                                        ? String.format(
                                                Locale.ROOT, "%.2f%%", 100 * p.monitorQber())
                                        : "-",
                                p.secretBitsPerPulse(),
                                p.asymptoticBitsPerPulse(),
                                p.plobBitsPerPulse(),
                                p.aborted() ? "  aborted: " + p.abortReason() : ""));
            }
        }
        stdout.flush();
        return 0;
    }

    private List<String> notes(long bits) {
        ChannelModel c = ChannelModel.standard(run.profile, 0, 0);
        double[] p = c.intensityProbabilities();
        String source =
                run.profile == SourceProfile.PAPER
                        ? String.format(
                                Locale.ROOT,
                                "the paper's ideal single-photon source; each point accumulates"
                                        + " one key block of at least %d sifted bits and one"
                                        + " Quantum TLS handshake takes %d of them; the key"
                                        + " length is the single-photon finite-key bound"
                                        + " (Tomamichel et al. 2012)",
                                bits,
                                bits)
                        : String.format(
                                Locale.ROOT,
                                "weak coherent pulses, signal mu %.2f, decoy mu %.2f, vacuum,"
                                        + " drawn with probabilities %.2f / %.2f / %.2f; each"
                                        + " point accumulates one key block of at least %d key"
                                        + " bits (every matched Z click of every class; the X"
                                        + " clicks are disclosed and their errors counted per"
                                        + " class), and one Quantum TLS handshake takes that"
                                        + " whole block with its counts; the key length is the"
                                        + " finite-key decoy-state bound of Lim et al. 2014 on"
                                        + " those counts",
                                c.signalMu(),
                                c.decoyMu(),
                                p[0],
                                p[1],
                                p[2],
                                bits);
        return List.of(
                String.format(
                        Locale.ROOT,
                        "Channel: alpha %.2f dB/km, Bob's efficiency %.3f, dark count %.1e per slot,"
                                + " misalignment %.1f %%; profile %s (source model %s): %s."
                                + " The handshake distills the block (sample QBER estimate,"
                                + " Cascade, verification, privacy amplification); the measured"
                                + " secret rate is the bits privacy amplification produced per"
                                + " sifted bit used, times sifted bits per pulse.",
                        c.alphaDbPerKm(),
                        c.bobEfficiency(),
                        c.darkCountPerSlot(),
                        100 * c.misalignment(),
                        run.profile.cliName(),
                        run.profile.sourceModel(),
                        source),
                "The asymptotic column is the GLLP decoy-state rate with infinitely many decoys and"
                        + " an infinite key, every pulse at the signal intensity, error correction"
                        + " at f = 1.22: a finite block sits below it; docs/rig.md says how to"
                        + " read the comparison.");
    }

    private String commandLine() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        int at = args.indexOf("sweep");
        List<String> own = at >= 0 ? args.subList(at + 1, args.size()) : args;
        return "java -jar test-rig/target/test-rig.jar sweep " + String.join(" ", own);
    }

    private List<Double> parse(
            String option, String text, java.util.function.Function<String, Double> each) {
        try {
            return Options.list(text, each);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    static Json.JsonObject toJson(List<SweepPoint> points, String command, String theory) {
        Json.JsonArray arr = Json.array();
        for (SweepPoint p : points) {
            arr.add(
                    Json.object()
                            .put("distance_km", p.distanceKm())
                            .put("eve_fraction", p.eveFraction())
                            .put("pulses", p.pulses())
                            .put("sifted_bits", p.siftedBits())
                            .putNullable("qber", Double.isFinite(p.qber()) ? p.qber() : null)
                            .putNullable(
                                    "monitor_qber",
                                    Double.isFinite(p.monitorQber()) ? p.monitorQber() : null)
                            .put("secret_bits", p.secretBits())
                            .put("aborted", p.aborted())
                            .put("abort_reason", p.abortReason())
                            .put("sifted_bits_per_pulse", p.siftedBitsPerPulse())
                            .put("secret_bits_per_pulse", p.secretBitsPerPulse())
                            .put("asymptotic_bits_per_pulse", p.asymptoticBitsPerPulse())
                            .put("plob_bits_per_pulse", p.plobBitsPerPulse()));
        }
        return Json.object().put("command", command).put("theory", theory).put("points", arr);
    }
}
