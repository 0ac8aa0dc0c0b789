package io.qkdmodem.agent.postprocessing.keyrate;

/**
 * Asymptotic decoy-state BB84 key rate (GLLP, Gottesman, Lo, Lütkenhaus, Preskill, QIC 4, 325,
 * 2004, with the decoy-state estimates of Lo, Ma, Chen, PRL 94, 230504, 2005, infinitely many
 * decoys):
 *
 * <pre>
 * R = q { -Q_mu f h(E_mu) + Q_1 [1 - h(e_1)] }
 * Y_1 = 1 - (1 - Y0)(1 - eta),  Q_1 = Y_1 mu e^{-mu},  e_1 = (Y0 / 2 + ed eta) / Y_1
 * </pre>
 *
 * in secret bits per pulse, maximized over the signal intensity {@code mu}.
 */
public final class DecoyBb84 {
    private DecoyBb84() {}

    /** Rate in bits per pulse at distance {@code km} and intensity {@code mu} (may be negative). */
    public static double rate(ChannelModel c, double km, double mu) {
        double eta = c.transmittance(km);
        double qmu = c.gain(mu, eta);
        double emu = c.qber(mu, eta);
        double y1 = 1 - (1 - c.y0()) * (1 - eta);
        double q1 = y1 * mu * Math.exp(-mu);
        double e1 = (0.5 * c.y0() + c.ed() * eta) / y1;
        return c.q() * (-qmu * c.f() * Entropy.h(emu) + q1 * (1 - Entropy.h(e1)));
    }

    /** Intensity maximizing the rate at {@code km} (golden-section search on (0, 1.5]). */
    public static double optimalMu(ChannelModel c, double km) {
        double lo = 1e-4;
        double hi = 1.5;
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = rate(c, km, a);
        double fb = rate(c, km, b);
        for (int i = 0; i < 100; i++) {
            if (fa < fb) {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = rate(c, km, b);
            } else {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = rate(c, km, a);
            }
        }
        return (lo + hi) / 2;
    }

    /** The rate at the optimal intensity, floored at zero. */
    public static double optimalRate(ChannelModel c, double km) {
        return Math.max(0, rate(c, km, optimalMu(c, km)));
    }

    /** Largest distance (km) with a positive optimal rate, by bisection to 0.01 km. */
    public static double maxDistance(ChannelModel c) {
        double lo = 0;
        double hi = 1000;
        if (optimalRate(c, lo) <= 0) {
            return 0;
        }
        while (hi - lo > 0.01) {
            double mid = (lo + hi) / 2;
            if (optimalRate(c, mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
