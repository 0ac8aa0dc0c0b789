package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.rig.testing.JsonReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void listsTheBenchmarksOfThisBuild() {
        CommandLineErrorsTest.Run r = CommandLineErrorsTest.run("bench", "--list");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines())
                .isNotEmpty()
                .allMatch(l -> l.startsWith("io.qkdmodem.rig.bench."));
    }

    @Test
    void aRegexThatMatchesNothingIsAUsageError() {
        CommandLineErrorsTest.Run r = CommandLineErrorsTest.run("bench", "NoSuchBenchmarkAnywhere");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("no benchmark matches 'NoSuchBenchmarkAnywhere'");
    }

    @Test
    void badRegexAndBadParamAreUsageErrors() {
        assertThat(CommandLineErrorsTest.run("bench", "(").err())
                .contains("is not a regular expression");
        assertThat(CommandLineErrorsTest.run("bench", "-p", "qber").err())
                .contains("--param must look like name=v1,v2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void quickInProcessRunPrintsEachFigureWithItsAnchorAsJson() {
        // The Cascade benchmark's trial setup runs pp.runs frames first; keep it tiny here.
        System.setProperty("pp.runs", "20");
        // Other JMH runs on a shared machine hold JMH's global lock; this in-process run does not
        // need it.
        System.setProperty("jmh.ignoreLock", "true");
        try {
            CommandLineErrorsTest.Run r =
                    CommandLineErrorsTest.run(
                            "bench",
                            "CascadeBenchmark",
                            "--quick",
                            "--forks",
                            "0",
                            "-p",
                            "qber=0.02",
                            "--json");
            assertThat(r.code()).as(r.err()).isZero();
            Map<String, Object> json = JsonReader.parseObject(r.out());
            List<Object> figures = (List<Object>) json.get("figures");
            assertThat(figures).hasSize(1);
            Map<String, Object> f = (Map<String, Object>) figures.get(0);
            assertThat((String) f.get("benchmark")).endsWith("CascadeBenchmark.cascadeFrame");
            assertThat((Double) f.get("score")).isPositive();
            assertThat((String) f.get("anchor")).contains("50 Mbit/s");
            assertThat((Map<String, Object>) f.get("params")).containsEntry("qber", "0.02");
        } finally {
            System.clearProperty("pp.runs");
            System.clearProperty("jmh.ignoreLock");
        }
    }
}
