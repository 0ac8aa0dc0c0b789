package io.qkdmodem.rig.cli;

import io.qkdmodem.rig.benchrun.BenchFigure;
import io.qkdmodem.rig.benchrun.BenchRunner;
import io.qkdmodem.rig.json.Json;
import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.report.SweepPoint;
import io.qkdmodem.rig.run.DemoRequest;
import io.qkdmodem.rig.run.Sweep;
import io.qkdmodem.rig.scenario.SerialMode;
import io.qkdmodem.rig.scenario.SourceProfile;
import io.qkdmodem.rig.wiring.Wiring;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code test-rig bench}: the project's JMH benchmarks, each figure beside its anchor. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the project's JMH benchmarks (io.qkdmodem.rig.bench.*) and prints each figure with",
            "the anchor it is compared with. JMH's own output goes to stderr. The suites also run on",
            "their own: java -cp test-rig/target/test-rig.jar org.openjdk.jmh.Main REGEX"
        })
final class BenchCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "REGEX",
            description =
                    "Benchmarks to run, a regular expression over their names (default: all).")
    String include = ".*";

    @Option(
            names = "--quick",
            description = "One 1 s warmup and one 1 s measurement per point (figures are rough).")
    boolean quick;

    @Option(
            names = "--forks",
            paramLabel = "N",
            defaultValue = "1",
            description = "JMH forks; 0 runs in this JVM (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=V1,V2",
            description = "Override a JMH parameter, e.g. -p qber=0.02.")
    List<String> paramOverrides = new ArrayList<>();

    @Option(names = "--list", description = "List the benchmarks in this build and exit.")
    boolean list;

    @Option(
            names = "--pipeline",
            description =
                    "Instead of JMH: the whole pipeline at 0, 25, 50 and 100 km, secret key per pulse"
                            + " beside the asymptotic decoy-state rate and the PLOB bound.")
    boolean pipeline;

    @Option(names = "--json", description = "Print one JSON object with the figures on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Pattern pattern;
        try {
            pattern = Pattern.compile(include);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(
                    spec.commandLine(), "REGEX '" + include + "' is not a regular expression");
        }
        if (forks < 0 || forks > 10) {
            throw new ParameterException(spec.commandLine(), "--forks must be 0..10, got " + forks);
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String p : paramOverrides) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new ParameterException(
                        spec.commandLine(), "--param must look like name=v1,v2, got '" + p + "'");
            }
            params.put(p.substring(0, eq), List.of(p.substring(eq + 1).split(",")));
        }
        if (pipeline) {
            return runPipeline(out);
        }
        List<String> available = BenchRunner.available();
        List<String> selected = available.stream().filter(n -> pattern.matcher(n).find()).toList();
        if (list) {
            selected.forEach(out::println);
            out.flush();
            return 0;
        }
        if (selected.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no benchmark matches '"
                            + include
                            + "' ("
                            + available.size()
                            + " in this build; see bench --list)");
        }
        List<BenchFigure> figures =
                BenchRunner.run(new BenchRunner.Plan(include, quick, forks, params), System.err);
        print(out, figures);
        return 0;
    }

    private Integer runPipeline(PrintWriter out) throws Exception {
        RigDescription rig = RigDescription.simulatedDefault();
        long bits = DemoRequest.SWEEP_DECOY_SIFTED_BITS;
        Pipeline p = Wiring.pipeline(rig, bits);
        DemoRequest template =
                new DemoRequest(
                        rig,
                        0,
                        0,
                        1,
                        SourceProfile.DEFAULT,
                        SerialMode.PIPE,
                        bits,
                        0,
                        // a 2^20-bit block at 100 km takes minutes of simulated pulses
                        Duration.ofSeconds(1800));
        List<SweepPoint> points =
                new Sweep(p, ProgressBar.onStderr())
                        .run(template, List.of(0.0, 25.0, 50.0, 100.0), List.of(0.0));
        List<BenchFigure> figures = new ArrayList<>();
        for (SweepPoint pt : points) {
            figures.add(
                    new BenchFigure(
                            "pipeline.secretBitsPerPulse",
                            Map.of(
                                    "distance_km",
                                    String.format(Locale.ROOT, "%.0f", pt.distanceKm())),
                            pt.secretBitsPerPulse(),
                            Double.NaN,
                            "bits/pulse",
                            String.format(
                                    Locale.ROOT,
                                    "asymptotic decoy BB84 %.3e (measured/asymptotic %.3f), PLOB"
                                            + " %.3e; one %d-bit block, QBER %.2f %%%s",
                                    pt.asymptoticBitsPerPulse(),
                                    pt.ratioToAsymptotic(),
                                    pt.plobBitsPerPulse(),
                                    bits,
                                    100 * pt.qber(),
                                    pt.aborted() ? ", aborted: " + pt.abortReason() : "")));
        }
        print(out, figures);
        return 0;
    }

    private void print(PrintWriter out, List<BenchFigure> figures) {
        if (json) {
            Json.JsonArray arr = Json.array();
            for (BenchFigure f : figures) {
                Json.JsonObject ps = Json.object();
                f.params().forEach(ps::put);
                arr.add(
                        Json.object()
                                .put("benchmark", f.benchmark())
                                .put("params", ps)
                                .put("score", f.score())
                                .put("error", f.error())
                                .put("unit", f.unit())
                                .put("mbit_per_s", f.megabitsPerSecond())
                                .put("anchor", f.anchor()));
            }
            out.println(Json.object().put("quick", quick).put("figures", arr));
        } else {
            for (BenchFigure f : figures) {
                out.println(
                        String.format(
                                Locale.ROOT,
                                "%s %s: %.4g ± %.2g %s%s%n    anchor: %s",
                                f.benchmark(),
                                f.params(),
                                f.score(),
                                Double.isFinite(f.error()) ? f.error() : 0.0,
                                f.unit(),
                                Double.isFinite(f.megabitsPerSecond())
                                        ? String.format(
                                                Locale.ROOT,
                                                " (%.1f Mbit/s)",
                                                f.megabitsPerSecond())
                                        : "",
                                f.anchor()));
            }
        }
        out.flush();
    }
}
