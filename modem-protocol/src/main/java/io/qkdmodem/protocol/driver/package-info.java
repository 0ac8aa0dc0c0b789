/**
 * Thin blocking drivers that join the sans-IO sessions to a {@link
 * io.qkdmodem.hal.serial.SerialLink} (jSerialComm or the in-memory pair): {@link
 * io.qkdmodem.protocol.driver.ModemClient} for the host agent and {@link
 * io.qkdmodem.protocol.driver.ModemServer} for the firmware. The only package of this module with
 * threads or a serial port.
 */
package io.qkdmodem.protocol.driver;
