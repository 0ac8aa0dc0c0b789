/**
 * The simulated optics backend {@code sim}: the standard weak-coherent-pulse model of Ma, Qi, Zhao
 * and Lo (2005) with fiber loss, Bob's efficiency, dark counts, misalignment, double clicks,
 * optional dead time and after-pulsing, and two eavesdroppers (intercept-resend and photon-number
 * splitting). Its cost grows with detections, not pulses: it samples the geometric gap to the next
 * slot with an event. Alice's side ({@link io.qkdmodem.hal.sim.ChannelModel}) and Bob's side
 * ({@link io.qkdmodem.hal.sim.DetectorModel}) are joined by a {@link io.qkdmodem.hal.sim.FiberLink}
 * that carries only what crosses the fiber, in memory or over loopback TCP between two processes.
 */
package io.qkdmodem.hal.sim;
