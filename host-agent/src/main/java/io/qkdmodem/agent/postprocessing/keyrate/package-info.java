/**
 * Key-rate calculators shared by the handshake and the rig: asymptotic decoy-state BB84 (GLLP with
 * infinitely many decoys), the finite-key lengths of Tomamichel et al. 2012 and Lim et al. 2014,
 * and the PLOB repeaterless bound.
 */
package io.qkdmodem.agent.postprocessing.keyrate;
