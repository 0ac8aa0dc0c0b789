/**
 * JMH benchmarks of QKD post-processing: Cascade efficiency, frame error rate, round trips and
 * throughput at QBER 1, 2, 5, 8 % (n = 2^14), and Toeplitz privacy amplification throughput at 10^6
 * and 10^7 bits. Seeded; run single-threaded (one core).
 */
package io.qkdmodem.rig.bench.postprocessing;
