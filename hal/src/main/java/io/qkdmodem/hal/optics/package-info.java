/**
 * The optics contract the firmware acquires key through: Alice's {@link
 * io.qkdmodem.hal.optics.Transmitter} (pulsed laser with intensity classes and a BB84 polarization
 * modulator) and Bob's {@link io.qkdmodem.hal.optics.Receiver} (basis choice and single-photon
 * detectors), both working per {@link io.qkdmodem.hal.optics.Frame} of N slots. Alice's per-slot
 * choices come from a {@link io.qkdmodem.hal.optics.SlotStateSource} that answers for any slot in
 * O(1) without storing the frame; Bob's result is a {@link io.qkdmodem.hal.optics.ClickReport}.
 */
package io.qkdmodem.hal.optics;
