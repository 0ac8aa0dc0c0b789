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
}
