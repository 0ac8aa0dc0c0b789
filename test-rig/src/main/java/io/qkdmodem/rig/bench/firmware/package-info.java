/**
 * Benchmarks of the modem firmware: sifted key rate of an Alice-Bob pair over the simulated optics
 * at several fiber lengths, and the heap it needs.
 */
package io.qkdmodem.rig.bench.firmware;
