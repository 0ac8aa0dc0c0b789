package io.qkdmodem.agent.postprocessing.keyrate;

/**
 * The repeaterless PLOB bound (Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043,
 * 2017): at most {@code -log2(1 - eta)} secret bits per channel use over a pure-loss channel of
 * transmittance {@code eta}.
 */
public final class Plob {
    private Plob() {}

    public static double bound(double eta) {
        if (eta < 0 || eta > 1) {
            throw new IllegalArgumentException("eta must lie in [0, 1]");
        }
        return eta == 1 ? Double.POSITIVE_INFINITY : -Math.log1p(-eta) / Math.log(2);
    }

    /** The bound at {@code km} of fiber with loss {@code alphaDbPerKm} (detectors ideal). */
    public static double boundAt(double km, double alphaDbPerKm) {
        return bound(Math.pow(10, -alphaDbPerKm * km / 10));
    }
}
