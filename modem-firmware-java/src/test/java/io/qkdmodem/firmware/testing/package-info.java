/** Test fixtures: two firmware instances in one JVM over simulated optics and loopback links. */
package io.qkdmodem.firmware.testing;
