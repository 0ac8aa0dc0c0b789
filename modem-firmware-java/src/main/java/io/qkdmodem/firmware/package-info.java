/**
 * The modem firmware: BB84 acquisition and sifting with the peer modem, key blocks into flash, and
 * the serial server for the paired host agent.
 */
package io.qkdmodem.firmware;
