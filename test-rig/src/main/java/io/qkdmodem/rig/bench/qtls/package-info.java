/**
 * JMH benchmarks of Quantum TLS: handshake latency and record throughput beside the JDK's TLS 1.3.
 */
package io.qkdmodem.rig.bench.qtls;
