/**
 * A small packed bit vector shared by every post-processing step (sifted keys, parities, seeds,
 * hash inputs and outputs). Bits are stored little-endian in {@code long} words: bit {@code i} is
 * bit {@code i % 64} of word {@code i / 64}.
 */
package io.qkdmodem.agent.postprocessing.bits;
