/**
 * JMH benchmarks of the key store: append and consume throughput against the raw bandwidth of the
 * same flash image, write amplification under a steady append/consume load, and mount time of a
 * large, nearly full image. Figures and commands live in docs/benchmarks.md.
 */
package io.qkdmodem.rig.bench.keystore;
