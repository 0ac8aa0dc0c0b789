package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.optics.IntensityClass;
import io.qkdmodem.hal.optics.SlotStateSource;
import java.util.SplittableRandom;

/**
 * Alice's side of the simulation: source, fiber and Eve, up to the photons that reach Bob's
 * detectors. For each intensity class k it precomputes the probability {@code pDet[k]} that at
 * least one photon of a pulse is detected and the distribution of the detected photon number given
 * that. Honest channel: each of the n photons of a pulse (Poisson(mu_k), or exactly one for a
 * single-photon source) survives with probability eta = 10^(-alpha L/10) eta_Bob, so {@code pDet =
 * 1 - exp(-eta mu_k)}.
 *
 * <p>Cost grows with detections, not slots: with {@code pMax = max_k pDet[k]} the gap to the next
 * candidate slot is geometric, {@code floor(ln U / ln(1 - pMax))}, and a candidate of class k is
 * kept with probability {@code pDet[k] / pMax} (thinning). This samples exactly the same process as
 * a per-slot Bernoulli trial, at the cost of one logarithm and one slot-state lookup per candidate.
 */
public final class ChannelModel {
    static final int MAX_N = 60;
    static final int MAX_M = 24;

    private final SimParameters params;
    private final double[] pDet = new double[3];
    private final double[] accept = new double[3];
    private final double[][] cdfM = new double[3][];
    private final double pMax;
    private final double invLogQ;
    private final double irFraction;

    public ChannelModel(SimParameters params) {
        this.params = params;
        double eta = params.eta();
        boolean pns = params.eavesdropper() instanceof Eavesdropper.PhotonNumberSplitting;
        double f1 = 1;
        double g = 1;
        double etaB = params.etaBob();
        if (pns) {
            // Eve matches the honest signal gain: multi-photon pulses forwarded losslessly minus
            // one photon (fraction g), single-photon pulses forwarded losslessly (fraction f1).
            double[] ps = photonNumbers(IntensityClass.SIGNAL);
            double target = detectFraction(ps, eta, false, 1, 1, etaB);
            double multi = 0;
            for (int n = 2; n <= MAX_N; n++) {
                multi += ps[n] * -Math.expm1((n - 1) * Math.log1p(-etaB));
            }
            if (multi >= target) {
                g = target / multi;
                f1 = 0;
            } else {
                f1 = Math.min(1, (target - multi) / (ps[1] * etaB));
            }
        }
        double max = 0;
        for (IntensityClass k : IntensityClass.values()) {
            double[] pn = photonNumbers(k);
            double[] pm = new double[MAX_M + 1];
            for (int n = 1; n <= MAX_N; n++) {
                if (pn[n] == 0) {
                    continue;
                }
                if (!pns) {
                    addBinomial(pm, pn[n], n, eta);
                } else if (n == 1) {
                    addBinomial(pm, pn[n] * f1, 1, etaB);
                } else {
                    addBinomial(pm, pn[n] * g, n - 1, etaB);
                }
            }
            double det = detectFraction(pn, eta, pns, f1, g, etaB);
            pDet[k.code()] = det;
            double[] cdf = new double[MAX_M + 1];
            double sum = 0;
            for (int m = 1; m <= MAX_M; m++) {
                sum += pm[m];
            }
            double acc = 0;
            for (int m = 1; m <= MAX_M; m++) {
                acc += pm[m];
                cdf[m] = sum > 0 ? acc / sum : 1;
            }
            cdf[MAX_M] = 1;
            cdfM[k.code()] = cdf;
            if (params.profile().probability(k) > 0) {
                max = Math.max(max, det);
            }
        }
        pMax = max;
        for (int k = 0; k < 3; k++) {
            accept[k] = max > 0 ? pDet[k] / max : 0;
        }
        invLogQ = max > 0 ? 1.0 / Math.log1p(-Math.min(max, 1 - 1e-16)) : 0;
        irFraction =
                params.eavesdropper() instanceof Eavesdropper.InterceptResend ir
                        ? ir.fraction()
                        : 0;
    }

    /** Probability that a pulse of class k brings at least one detected photon to Bob. */
    public double detectionProbability(IntensityClass k) {
        return pDet[k.code()];
    }

    public SimParameters parameters() {
        return params;
    }

    /**
     * Propagates one frame: returns the slots whose photons reach Bob's detectors.
     *
     * @param states Alice's choices; only the candidate slots are looked up
     */
    public Arrivals propagate(long frameId, int slotCount, SlotStateSource states) {
        SplittableRandom rng = Seeds.forFrame(params.seed(), frameId, Seeds.ALICE_CHANNEL);
        int expected = (int) Math.min(1 << 20, slotCount * pMax * 1.05 + 16);
        Arrivals.Builder out = new Arrivals.Builder(frameId, slotCount, expected);
        if (pMax <= 0) {
            return out.build();
        }
        final double inv = invLogQ;
        final double ir = irFraction;
        long s = -1;
        while (true) {
            double gap = Math.log(1.0 - rng.nextDouble()) * inv;
            if (gap >= slotCount - 1 - s) {
                break; // also guards the long conversion when pMax is tiny
            }
            s += 1 + (long) gap;
            int st = states.state((int) s);
            int k = st >>> 2;
            double acc = accept[k];
            if (acc < 1 && rng.nextDouble() >= acc) {
                continue;
            }
            int m = sampleM(cdfM[k], rng);
            int pol = st & 3;
            if (ir > 0 && rng.nextDouble() < ir) {
                int eveBasis = rng.nextInt(2);
                if (eveBasis != pol >>> 1) {
                    pol = eveBasis << 1 | rng.nextInt(2);
                }
            }
            out.add((int) s, pol, m);
        }
        return out.build();
    }

    private static int sampleM(double[] cdf, SplittableRandom rng) {
        double u = rng.nextDouble();
        int m = 1;
        while (m < MAX_M && u >= cdf[m]) {
            m++;
        }
        return m;
    }

    private double[] photonNumbers(IntensityClass k) {
        double[] p = new double[MAX_N + 1];
        double mu = params.profile().mu(k);
        if (mu == 0) {
            p[0] = 1;
        } else if (params.source() == SourceModel.SINGLE_PHOTON) {
            p[1] = 1;
        } else {
            double term = Math.exp(-mu);
            p[0] = term;
            for (int n = 1; n <= MAX_N; n++) {
                term *= mu / n;
                p[n] = term;
            }
        }
        return p;
    }

    private static double detectFraction(
            double[] pn, double eta, boolean pns, double f1, double g, double etaB) {
        double det = 0;
        for (int n = 1; n <= MAX_N; n++) {
            if (pn[n] == 0) {
                continue;
            }
            if (!pns) {
                det += pn[n] * -Math.expm1(n * Math.log1p(-eta));
            } else if (n == 1) {
                det += pn[n] * f1 * etaB;
            } else {
                det += pn[n] * g * -Math.expm1((n - 1) * Math.log1p(-etaB));
            }
        }
        return det;
    }

    private static void addBinomial(double[] pm, double weight, int n, double p) {
        if (p >= 1) {
            pm[Math.min(n, MAX_M)] += weight;
            return;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logC = 0;
        for (int m = 0; m <= n; m++) {
            if (m > 0) {
                logC += Math.log((double) (n - m + 1) / m);
            }
            double v = Math.exp(logC + m * logP + (n - m) * logQ);
            pm[Math.min(m, MAX_M)] += weight * v;
        }
    }
}
