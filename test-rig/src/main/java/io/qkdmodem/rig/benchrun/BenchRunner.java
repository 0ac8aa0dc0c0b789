package io.qkdmodem.rig.benchrun;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs JMH benchmarks in full or quick form and collects their figures with anchors. */
public final class BenchRunner {

    /**
     * What to run.
     *
     * @param include regular expression over benchmark names (JMH's include)
     * @param quick one short warmup and one short measurement instead of the classes' settings
     * @param forks JMH forks (0 runs in this JVM: quicker, less isolated)
     * @param params JMH parameter overrides ({@code name -> values})
     */
    public record Plan(String include, boolean quick, int forks, Map<String, List<String>> params) {
        public Plan {
            params = Map.copyOf(params);
        }
    }

    private BenchRunner() {}

    /** The benchmarks compiled into this build (from JMH's generated list). */
    public static List<String> available() {
        BenchmarkList list = BenchmarkList.defaultList();
        TreeSet<String> names = new TreeSet<>();
        for (BenchmarkListEntry e : list.getAll(null, new ArrayList<>())) {
            names.add(e.getUsername());
        }
        return new ArrayList<>(names);
    }

    /** Runs the plan; JMH's own progress goes to {@code log}. */
    public static List<BenchFigure> run(Plan plan, PrintStream log) throws RunnerException {
        ChainedOptionsBuilder b =
                new OptionsBuilder()
                        .include(plan.include())
                        .forks(plan.forks())
                        .shouldFailOnError(true);
        if (plan.quick()) {
            b.warmupIterations(1)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1)
                    .measurementTime(TimeValue.seconds(1))
                    .timeout(TimeValue.minutes(2));
        }
        plan.params().forEach((k, v) -> b.param(k, v.toArray(String[]::new)));
        Runner runner =
                new Runner(
                        b.build(),
                        OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL));
        Collection<RunResult> results = runner.run();
        List<BenchFigure> figures = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            Map<String, String> params = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.put(key, r.getParams().getParam(key));
            }
            var primary = r.getPrimaryResult();
            figures.add(
                    new BenchFigure(
                            name,
                            params,
                            primary.getScore(),
                            primary.getScoreError(),
                            primary.getScoreUnit(),
                            Anchors.forBenchmark(name).orElse("see docs/benchmarks.md")));
        }
        return figures;
    }
}
