/**
 * A simulated timing front-end: the device side of the SPI front-end protocol, decoding the real
 * request bytes and running the {@code sim} physics (channel model, fiber, detector model) behind
 * them, so the board side is tested end to end without hardware.
 */
package io.qkdmodem.hal.frontend.sim;
