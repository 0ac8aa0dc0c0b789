package io.qkdmodem.agent.postprocessing.estimation;

/**
 * Finite-size decoy-state bounds of Lim, Curty, Walenta, Xu, Zbinden, "Concise security bounds for
 * practical decoy-state quantum key distribution", PRA 89, 022307 (2014), Eqs. (2)-(5):
 *
 * <pre>
 * n^{+-}_{X,k} = e^{mu_k} / p_k * (n_{X,k} +- sqrt(n_X / 2 * ln(21 / eps_sec)))        (Hoeffding)
 * tau_n        = sum_k e^{-mu_k} mu_k^n p_k / n!
 * s_{X,0}  >= tau_0 (mu2 n^-_{X,mu3} - mu3 n^+_{X,mu2}) / (mu2 - mu3)
 * s_{X,1}  >= tau_1 mu1 [n^-_{X,mu2} - n^+_{X,mu3} - (mu2^2 - mu3^2) / mu1^2 (n^+_{X,mu1} - s_{X,0} / tau_0)]
 *             / (mu1 (mu2 - mu3) - mu2^2 + mu3^2)
 * v_{Z,1}  <= tau_1 (m^+_{Z,mu2} - m^-_{Z,mu3}) / (mu2 - mu3)
 * phi_X    <= v_{Z,1} / s_{Z,1} + gamma(eps_sec, v_{Z,1} / s_{Z,1}, s_{Z,1}, s_{X,1})
 * gamma(a, b, c, d) = sqrt((c + d)(1 - b) b / (c d ln 2) * log2((c + d) / (c d (1 - b) b) * 21^2 / a^2))
 * </pre>
 *
 * @param vacuumX lower bound {@code s_{X,0}} on vacuum events in the key basis
 * @param singleX lower bound {@code s_{X,1}} on single-photon events in the key basis
 * @param singleZ lower bound {@code s_{Z,1}} on single-photon events in the test basis
 * @param singleErrorsZ upper bound {@code v_{Z,1}} on single-photon errors in the test basis
 * @param phaseErrorX upper bound {@code phi_X} on the single-photon phase error rate of the key
 */
public record DecoyBounds(
        double vacuumX, double singleX, double singleZ, double singleErrorsZ, double phaseErrorX) {

    /** Computes the bounds; {@code epsSec} is the secrecy parameter (each term uses eps/21). */
    public static DecoyBounds lim2014(DecoyStatistics s, double epsSec) {
        double[] mu = s.intensities();
        double[] p = s.probabilities();
        double tau0 = tau(0, mu, p);
        double tau1 = tau(1, mu, p);
        double[] nX = toDouble(s.keyBasisDetections());
        double[] nZ = toDouble(s.testBasisDetections());
        double[] mZ = toDouble(s.testBasisErrors());
        double ln = Math.log(21.0 / epsSec);

        double vacX = vacuum(mu, p, nX, ln, tau0);
        double singX = single(mu, p, nX, ln, tau0, tau1, vacX);
        double vacZ = vacuum(mu, p, nZ, ln, tau0);
        double singZ = single(mu, p, nZ, ln, tau0, tau1, vacZ);
        double mTot = sum(mZ);
        double dm = Math.sqrt(mTot / 2 * ln);
        double mPlus2 = Math.exp(mu[1]) / p[1] * (mZ[1] + dm);
        double mMinus3 = Math.exp(mu[2]) / p[2] * (mZ[2] - dm);
        double vZ = Math.max(0, tau1 * (mPlus2 - mMinus3) / (mu[1] - mu[2]));

        double phi;
        if (singZ <= 0 || singX <= 0) {
            phi = 0.5;
        } else {
            double b = Math.min(0.5, vZ / singZ);
            phi = Math.min(0.5, b + gamma(epsSec, b, singZ, singX));
        }
        return new DecoyBounds(vacX, singX, singZ, vZ, phi);
    }

    /** The finite-size correction {@code gamma(a, b, c, d)} of Lim et al. 2014. */
    public static double gamma(double a, double b, double c, double d) {
        if (b <= 0) {
            // b (1 - b) -> 0 makes gamma vanish in the limit; use the smallest meaningful rate.
            b = 1.0 / (c + d);
        }
        double arg = (c + d) / (c * d * (1 - b) * b) * (21.0 * 21.0) / (a * a);
        double v = (c + d) * (1 - b) * b / (c * d * Math.log(2)) * (Math.log(arg) / Math.log(2));
        return v <= 0 ? 0 : Math.sqrt(v);
    }

    static double tau(int n, double[] mu, double[] p) {
        double t = 0;
        for (int k = 0; k < mu.length; k++) {
            t += Math.exp(-mu[k]) * Math.pow(mu[k], n) * p[k] / (n == 0 ? 1 : factorial(n));
        }
        return t;
    }

    private static double vacuum(double[] mu, double[] p, double[] n, double ln, double tau0) {
        double d = Math.sqrt(sum(n) / 2 * ln);
        double minus3 = Math.exp(mu[2]) / p[2] * (n[2] - d);
        double plus2 = Math.exp(mu[1]) / p[1] * (n[1] + d);
        return Math.max(0, tau0 * (mu[1] * minus3 - mu[2] * plus2) / (mu[1] - mu[2]));
    }

    private static double single(
            double[] mu, double[] p, double[] n, double ln, double tau0, double tau1, double s0) {
        double d = Math.sqrt(sum(n) / 2 * ln);
        double plus1 = Math.exp(mu[0]) / p[0] * (n[0] + d);
        double minus2 = Math.exp(mu[1]) / p[1] * (n[1] - d);
        double plus3 = Math.exp(mu[2]) / p[2] * (n[2] + d);
        double m1 = mu[0];
        double m2 = mu[1];
        double m3 = mu[2];
        double num =
                tau1
                        * m1
                        * (minus2 - plus3 - (m2 * m2 - m3 * m3) / (m1 * m1) * (plus1 - s0 / tau0));
        double den = m1 * (m2 - m3) - m2 * m2 + m3 * m3;
        return Math.max(0, num / den);
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    private static double[] toDouble(long[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
