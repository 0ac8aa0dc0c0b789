/**
 * The flash device model: a small {@link io.qkdmodem.keystore.flash.NorFlash} interface with NOR
 * semantics (program only clears bits, erase sets a whole block to 0xFF, erase counts and an
 * endurance limit) and its implementations: in memory, a file-backed image (the firmware's default
 * flash), and a fault-injecting wrapper for power-loss tests.
 */
package io.qkdmodem.keystore.flash;
