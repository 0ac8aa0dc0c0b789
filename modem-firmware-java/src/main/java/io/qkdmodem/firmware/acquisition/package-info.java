/**
 * Acquisition helpers of the firmware: {@link io.qkdmodem.firmware.acquisition.CtrRandom}, the
 * cryptographic generator for choices the peer later sees (the link monitor's sample positions).
 * Alice's per-slot choices (bit, biased basis, intensity class) come from hal's {@code
 * CtrSlotStateSource}.
 */
package io.qkdmodem.firmware.acquisition;
