/**
 * Privacy amplification by Toeplitz hashing: the {@code m x n} Toeplitz matrix given by an {@code n
 * + m - 1}-bit seed from Alice, applied as a GF(2)[x] product modulo {@code x^P - 1} computed with
 * Schönhage's ternary FFT on 64-bit words ({@link
 * io.qkdmodem.agent.postprocessing.amplification.TernaryDft}) and bit-sliced pointwise products
 * (one more Schönhage level and Karatsuba on rows of 64-element words). The earlier
 * double-precision FFT ({@link io.qkdmodem.agent.postprocessing.amplification.FftToeplitzHash}) is
 * kept as an independent cross-check and benchmark anchor.
 */
package io.qkdmodem.agent.postprocessing.amplification;
