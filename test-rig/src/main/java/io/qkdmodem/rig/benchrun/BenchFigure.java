package io.qkdmodem.rig.benchrun;

import java.util.Map;

/**
 * One measured figure.
 *
 * @param benchmark fully qualified benchmark method
 * @param params the JMH parameters of this point
 * @param score the primary score
 * @param error its error (99.9 % half-width), NaN when JMH had too few iterations
 * @param unit the score's unit (for example ops/s)
 * @param anchor what the figure is compared with
 */
public record BenchFigure(
        String benchmark,
        Map<String, String> params,
        double score,
        double error,
        String unit,
        String anchor) {

    public BenchFigure {
        params = Map.copyOf(params);
    }

    /**
     * Megabits per second of input, for benchmarks that process {@code n} bits per operation (the
     * post-processing ones): ops/s times n, or n over the time per operation; NaN otherwise.
     */
    public double megabitsPerSecond() {
        String n = params.get("n");
        if (n == null) {
            return Double.NaN;
        }
        double bits;
        try {
            bits = Double.parseDouble(n);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return switch (unit) {
            case "ops/s" -> score * bits / 1e6;
            case "ops/ms" -> score * 1e3 * bits / 1e6;
            case "ms/op" -> bits / (score * 1e-3) / 1e6;
            case "us/op" -> bits / (score * 1e-6) / 1e6;
            case "s/op" -> bits / score / 1e6;
            default -> Double.NaN;
        };
    }
}
