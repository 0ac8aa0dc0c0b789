package io.qkdmodem.rig.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a sweep as {@code sweep.csv}, PNG plots, {@code report.html} (plots embedded, opens
 * offline) and {@code README.md} (the table and the command, for a repository browser).
 */
public final class SweepReport {

    /** The files one report consists of. */
    public record Files(Path csv, List<Path> plots, Path html, Path markdown) {}

    /**
     * What the report says about how it was made.
     *
     * @param title heading
     * @param command the exact command line that produced the points
     * @param theorySource where the theory columns come from
     * @param notes free text paragraphs (channel parameters, caveats)
     */
    public record Meta(String title, String command, String theorySource, List<String> notes) {
        public Meta {
            Objects.requireNonNull(title);
            Objects.requireNonNull(command);
            Objects.requireNonNull(theorySource);
            notes = List.copyOf(notes);
        }
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private SweepReport() {}

    public static Files write(Path dir, List<SweepPoint> points, Meta meta) throws IOException {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one point");
        }
        java.nio.file.Files.createDirectories(dir);
        Path csv = dir.resolve("sweep.csv");
        java.nio.file.Files.writeString(csv, csv(points), StandardCharsets.UTF_8);

        List<Path> plots = new ArrayList<>();
        TreeSet<Double> eves = new TreeSet<>();
        TreeSet<Double> distances = new TreeSet<>();
        for (SweepPoint p : points) {
            eves.add(p.eveFraction());
            distances.add(p.distanceKm());
        }
        if (distances.size() > 1) {
            plots.add(writePng(dir.resolve("key-rate-vs-distance.png"), rateVsDistance(points)));
            plots.add(writePng(dir.resolve("qber-vs-distance.png"), qberVsDistance(points)));
        }
        if (eves.size() > 1) {
            plots.add(writePng(dir.resolve("qber-vs-eve-fraction.png"), vsEve(points)));
        }
        Path html = dir.resolve("report.html");
        java.nio.file.Files.writeString(html, html(points, meta, plots), StandardCharsets.UTF_8);
        Path md = dir.resolve("README.md");
        java.nio.file.Files.writeString(md, markdown(points, meta, plots), StandardCharsets.UTF_8);
        return new Files(csv, List.copyOf(plots), html, md);
    }

    static final String CSV_HEADER =
            "distance_km,eve_fraction,pulses,sifted_bits,qber,monitor_qber,secret_bits,aborted,"
                    + "abort_reason,"
                    + "sifted_bits_per_pulse,secret_bits_per_pulse,asymptotic_bits_per_pulse,"
                    + "plob_bits_per_pulse,ratio_to_asymptotic";

    static String csv(List<SweepPoint> points) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (SweepPoint p : points) {
            sb.append(num(p.distanceKm()))
                    .append(',')
                    .append(num(p.eveFraction()))
                    .append(',')
                    .append(p.pulses())
                    .append(',')
                    .append(p.siftedBits())
                    .append(',')
                    .append(num(p.qber()))
                    .append(',')
                    .append(num(p.monitorQber()))
                    .append(',')
                    .append(p.secretBits())
                    .append(',')
                    .append(p.aborted())
                    .append(',')
                    .append(csvText(p.abortReason()))
                    .append(',')
                    .append(num(p.siftedBitsPerPulse()))
                    .append(',')
                    .append(num(p.secretBitsPerPulse()))
                    .append(',')
                    .append(num(p.asymptoticBitsPerPulse()))
                    .append(',')
                    .append(num(p.plobBitsPerPulse()))
                    .append(',')
                    .append(num(p.ratioToAsymptotic()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "";
    }

    private static String csvText(String s) {
        if (s == null) {
            return "";
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static JFreeChart rateVsDistance(List<SweepPoint> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (double eve : eveFractions(points)) {
            String suffix = eveFractions(points).size() > 1 ? " (eve " + eve + ")" : "";
            data.addSeries(
                    series(
                            "measured secret" + suffix,
                            points,
                            eve,
                            SweepPoint::secretBitsPerPulse));
            data.addSeries(
                    series(
                            "measured sifted" + suffix,
                            points,
                            eve,
                            SweepPoint::siftedBitsPerPulse));
        }
        double firstEve = eveFractions(points).get(0);
        data.addSeries(
                series(
                        "asymptotic decoy BB84",
                        points,
                        firstEve,
                        SweepPoint::asymptoticBitsPerPulse));
        data.addSeries(series("PLOB bound", points, firstEve, SweepPoint::plobBitsPerPulse));
        LogAxis y = new LogAxis("bits per pulse");
        y.setSmallestValue(1e-9);
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        y.setMinorTickCount(9);
        return chart("Key rate vs distance", "distance (km)", y, data, true);
    }

    private static JFreeChart qberVsDistance(List<SweepPoint> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (double eve : eveFractions(points)) {
            data.addSeries(
                    series("handshake QBER (eve " + eve + ")", points, eve, SweepPoint::qber));
            data.addSeries(
                    series(
                            "link-monitor QBER (eve " + eve + ")",
                            points,
                            eve,
                            SweepPoint::monitorQber));
        }
        NumberAxis y = new NumberAxis("QBER");
        return chart("QBER vs distance", "distance (km)", y, data, false);
    }

    private static JFreeChart vsEve(List<SweepPoint> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        TreeSet<Double> distances = new TreeSet<>();
        points.forEach(p -> distances.add(p.distanceKm()));
        for (double d : distances) {
            XYSeries s = new XYSeries("handshake QBER at " + d + " km");
            XYSeries m = new XYSeries("link-monitor QBER at " + d + " km");
            for (SweepPoint p : points) {
                if (p.distanceKm() == d && Double.isFinite(p.qber())) {
                    s.add(p.eveFraction(), p.qber());
                }
                if (p.distanceKm() == d && Double.isFinite(p.monitorQber())) {
                    m.add(p.eveFraction(), p.monitorQber());
                }
            }
            data.addSeries(s);
            data.addSeries(m);
        }
        NumberAxis y = new NumberAxis("QBER (handshake estimate; modems' link monitor)");
        return chart("QBER vs intercept-resend fraction", "eavesdropper fraction", y, data, false);
    }

    private static List<Double> eveFractions(List<SweepPoint> points) {
        TreeSet<Double> eves = new TreeSet<>();
        points.forEach(p -> eves.add(p.eveFraction()));
        return new ArrayList<>(eves);
    }

    private static XYSeries series(
            String name, List<SweepPoint> points, double eve, ToDoubleFunction<SweepPoint> f) {
        XYSeries s = new XYSeries(name);
        for (SweepPoint p : points) {
            double v = f.applyAsDouble(p);
            if (p.eveFraction() == eve && Double.isFinite(v) && v > 0) {
                s.add(p.distanceKm(), v);
            }
        }
        return s;
    }

    private static JFreeChart chart(
            String title,
            String xLabel,
            org.jfree.chart.axis.ValueAxis y,
            XYSeriesCollection data,
            boolean log) {
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {
            new Color(0x1f77b4),
            new Color(0xff7f0e),
            new Color(0x2ca02c),
            new Color(0xd62728),
            new Color(0x9467bd),
            new Color(0x8c564b)
        };
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colors[i % colors.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (log) {
            chart.addSubtitle(new TextTitle("log scale; points with zero key are not drawn"));
        }
        return chart;
    }

    private static Path writePng(Path file, JFreeChart chart) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }

    private static String html(List<SweepPoint> points, Meta meta, List<Path> plots) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(meta.title()))
                .append(
                        "</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
                                + "table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;"
                                + "text-align:right}code,pre{background:#f4f4f4}</style></head><body>\n")
                .append("<h1>")
                .append(esc(meta.title()))
                .append("</h1>\n<p>Command:</p><pre>")
                .append(esc(meta.command()))
                .append("</pre>\n<p>Theory: ")
                .append(esc(meta.theorySource()))
                .append("</p>\n");
        for (String note : meta.notes()) {
            sb.append("<p>").append(esc(note)).append("</p>\n");
        }
        sb.append("<table><tr>");
        for (String h : tableHeader()) {
            sb.append("<th>").append(esc(h)).append("</th>");
        }
        sb.append("</tr>\n");
        for (SweepPoint p : points) {
            sb.append("<tr>");
            for (String c : tableRow(p)) {
                sb.append("<td>").append(esc(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
        for (Path plot : plots) {
            try {
                String b64 =
                        Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(plot));
                sb.append("<p><img alt=\"")
                        .append(esc(plot.getFileName().toString()))
                        .append("\" src=\"data:image/png;base64,")
                        .append(b64)
                        .append("\"></p>\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static String markdown(List<SweepPoint> points, Meta meta, List<Path> plots) {
        StringBuilder sb = new StringBuilder("# ").append(meta.title()).append("\n\n");
        sb.append("Made by:\n\n```sh\n").append(meta.command()).append("\n```\n\n");
        sb.append("Theory: ").append(meta.theorySource()).append("\n\n");
        for (String note : meta.notes()) {
            sb.append(note).append("\n\n");
        }
        List<String> header = tableHeader();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> sb.append(" ---: |"));
        sb.append('\n');
        for (SweepPoint p : points) {
            sb.append("| ").append(String.join(" | ", tableRow(p))).append(" |\n");
        }
        sb.append('\n');
        for (Path plot : plots) {
            String name = plot.getFileName().toString();
            sb.append("![").append(name).append("](").append(name).append(")\n\n");
        }
        sb.append(
                "Raw numbers: [sweep.csv](sweep.csv); the same report as one offline page: "
                        + "[report.html](report.html).\n");
        return sb.toString();
    }

    private static List<String> tableHeader() {
        return List.of(
                "distance km",
                "eve fraction",
                "pulses",
                "sifted bits",
                "QBER (handshake)",
                "QBER (monitor)",
                "secret bits",
                "secret bits/pulse",
                "asymptotic bits/pulse",
                "measured/asymptotic",
                "PLOB bits/pulse",
                "outcome");
    }

    private static List<String> tableRow(SweepPoint p) {
        return List.of(
                fmt("%.0f", p.distanceKm()),
                fmt("%.2f", p.eveFraction()),
                Long.toString(p.pulses()),
                Long.toString(p.siftedBits()),
                Double.isFinite(p.qber()) ? fmt("%.2f %%", 100 * p.qber()) : "-",
                Double.isFinite(p.monitorQber()) ? fmt("%.2f %%", 100 * p.monitorQber()) : "-",
                Long.toString(p.secretBits()),
                sci(p.secretBitsPerPulse()),
                sci(p.asymptoticBitsPerPulse()),
                Double.isFinite(p.ratioToAsymptotic()) ? fmt("%.3f", p.ratioToAsymptotic()) : "-",
                sci(p.plobBitsPerPulse()),
                p.aborted() ? "aborted: " + p.abortReason() : "key");
    }

    private static String sci(double d) {
        return Double.isFinite(d) ? fmt("%.3e", d) : "-";
    }

    private static String fmt(String f, double d) {
        return String.format(Locale.ROOT, f, d);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
