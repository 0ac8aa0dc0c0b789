/**
 * A running firmware instance: {@link io.qkdmodem.firmware.runtime.Firmware} assembles the optics,
 * key store, auth pool, peer link and host server from a configuration and runs Alice's or Bob's
 * acquisition engine; start and stop it from Java (the test rig) or from the command line.
 */
package io.qkdmodem.firmware.runtime;
