package io.qkdmodem.rig.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's files from hand-made points (the numbers here are test inputs, not results). */
class SweepReportTest {

    private static final List<SweepPoint> POINTS =
            List.of(
                    point(0, 0, 1_000_000, 0.035, 0.034, 1_500, 1.5e-3, null, 2.4e-3, 6.9),
                    point(50, 0, 10_000_000, 0.037, 0.036, 1_000, 1.0e-4, null, 2.1e-4, 0.13),
                    point(
                            100,
                            0,
                            100_000_000,
                            0.06,
                            0.058,
                            0,
                            0,
                            "QBER over threshold",
                            1.6e-5,
                            0.012),
                    point(
                            0,
                            1,
                            1_000_000,
                            Double.NaN,
                            0.26,
                            0,
                            0,
                            "eavesdropping detected",
                            2.4e-3,
                            6.9));

    private static SweepPoint point(
            double km,
            double eve,
            long pulses,
            double qber,
            double monitor,
            long secret,
            double perPulse,
            String abort,
            double asymptotic,
            double plob) {
        return new SweepPoint(
                km,
                eve,
                pulses,
                9_000,
                qber,
                monitor,
                secret,
                perPulse,
                abort != null,
                abort,
                asymptotic,
                plob);
    }

    @Test
    void writesCsvPlotsHtmlAndMarkdown(@TempDir Path dir) throws Exception {
        SweepReport.Files files =
                SweepReport.write(
                        dir.resolve("out"),
                        POINTS,
                        new SweepReport.Meta(
                                "t <title>", "java -jar x sweep", "theory src", List.of("note")));

        List<String> csv = Files.readAllLines(files.csv());
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).isEqualTo(SweepReport.CSV_HEADER);
        assertThat(csv.get(3)).contains("\"QBER over threshold\"").contains(",true,");
        assertThat(csv.get(1).split(",", -1)).hasSize(SweepReport.CSV_HEADER.split(",").length);

        assertThat(files.plots())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "key-rate-vs-distance.png",
                        "qber-vs-distance.png",
                        "qber-vs-eve-fraction.png");
        for (Path png : files.plots()) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getWidth()).isEqualTo(900);
        }

        String html = Files.readString(files.html());
        assertThat(html)
                .contains("t &lt;title&gt;")
                .contains("java -jar x sweep")
                .contains("data:image/png;base64,")
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("src=\"key-rate");
        assertThat(html.split("<tr>", -1)).hasSize(6);

        String md = Files.readString(files.markdown());
        assertThat(md)
                .contains("```sh\njava -jar x sweep\n```")
                .contains("![key-rate-vs-distance.png]");
        assertThat(md)
                .contains(
                        "| 0 | 0.00 | 1000000 | 9000 | 3.50 % | 3.40 % | 1500 | 1.500e-03 | 2.400e-03 | 0.625 |");
    }
}
