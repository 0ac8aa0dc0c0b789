/**
 * Privacy amplification by Toeplitz hashing: the {@code m x n} Toeplitz matrix given by an {@code n
 * + m - 1}-bit seed from Alice, applied in O(N log N) as a cyclic convolution computed with a
 * double-precision FFT on bit-packed inputs and outputs.
 */
package io.qkdmodem.agent.postprocessing.amplification;
