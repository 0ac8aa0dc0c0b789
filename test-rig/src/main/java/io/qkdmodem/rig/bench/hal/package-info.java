/** JMH benchmarks of the hardware abstraction: the optics simulator's speed. */
package io.qkdmodem.rig.bench.hal;
