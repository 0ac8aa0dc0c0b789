package io.qkdmodem.agent.postprocessing.keyrate;

import io.qkdmodem.agent.postprocessing.estimation.DecoyBounds;
import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import io.qkdmodem.agent.postprocessing.estimation.QberEstimate;

/** Finite-key secret lengths, in bits, floored at zero. */
public final class FiniteKey {
    private FiniteKey() {}

    /**
     * Single-photon BB84, Tomamichel, Lim, Gisin, Renner, Nat. Commun. 3:634 (2012), Eq. (1):
     * {@code l = n (1 - h(Q + mu)) - leakEC - log2(2 / (epsSec^2 epsCor))} with {@code n} key bits,
     * {@code k} sample bits with error rate {@code Q} and {@code mu} from {@link
     * QberEstimate#tomamichelMu}; the preparation quality {@code q = 1} for ideal BB84 states.
     */
    public static long tomamichel2012(
            long n, long k, double observedQber, double leakEc, double epsSec, double epsCor) {
        double mu = QberEstimate.tomamichelMu(n, k, epsSec);
        double e = Math.min(0.5, observedQber + mu);
        double l = n * (1 - Entropy.h(e)) - leakEc - Entropy.log2(2 / (epsSec * epsSec * epsCor));
        return Math.max(0, (long) Math.floor(l));
    }

    /**
     * Decoy-state BB84, Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), Eq. (1): {@code l
     * = s_{X,0} + s_{X,1} - s_{X,1} h(phi_X) - leakEC - 6 log2(21 / epsSec) - log2(2 / epsCor)},
     * with the bounds of {@link DecoyBounds#lim2014}.
     */
    public static long lim2014(DecoyStatistics s, double leakEc, double epsSec, double epsCor) {
        DecoyBounds b = DecoyBounds.lim2014(s, epsSec);
        return lim2014(b, leakEc, epsSec, epsCor);
    }

    /** Lim et al. 2014 from precomputed bounds. */
    public static long lim2014(DecoyBounds b, double leakEc, double epsSec, double epsCor) {
        double l =
                b.vacuumX()
                        + b.singleX() * (1 - Entropy.h(b.phaseErrorX()))
                        - leakEc
                        - 6 * Entropy.log2(21 / epsSec)
                        - Entropy.log2(2 / epsCor);
        return Math.max(0, (long) Math.floor(l));
    }
}
