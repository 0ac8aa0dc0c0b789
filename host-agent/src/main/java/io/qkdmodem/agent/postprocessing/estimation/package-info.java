/**
 * Parameter estimation: the random-subset disclosure that estimates the QBER, the finite-size upper
 * bound on the phase error for single-photon BB84 (Tomamichel, Lim, Gisin, Renner, Nat. Commun.
 * 3:634, 2012) and the decoy-state bounds with finite-size corrections (Lim, Curty, Walenta, Xu,
 * Zbinden, PRA 89, 022307, 2014).
 */
package io.qkdmodem.agent.postprocessing.estimation;
