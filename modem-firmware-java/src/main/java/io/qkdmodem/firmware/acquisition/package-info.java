/**
 * Acquisition through the hal optics: Alice's per-slot choices (bit, biased basis, intensity class)
 * as an O(1) random-access source, and the engines that fire or receive frames and drive the
 * sifting state machines over the peer link into the key store.
 */
package io.qkdmodem.firmware.acquisition;
