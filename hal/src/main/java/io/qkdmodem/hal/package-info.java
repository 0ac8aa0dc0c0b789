/**
 * Hardware abstraction layer of the modem: the interfaces through which the firmware drives Alice's
 * and Bob's optics, reads entropy and talks over serial ports, and the backends behind them (the
 * {@code sim} physics model and the Pi4J board backends). Depends on none of our other modules.
 */
package io.qkdmodem.hal;
