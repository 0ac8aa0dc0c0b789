/**
 * JMH benchmarks of the modem link: key delivery over a socat pseudo-terminal pair (through
 * jSerialComm) and over the in-memory serial pair, with the ratio of key bytes to wire bytes.
 */
package io.qkdmodem.rig.bench.protocol;
