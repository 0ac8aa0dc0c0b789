/**
 * Test fixtures published in modem-protocol's test-jar: an in-memory {@link
 * io.qkdmodem.protocol.session.ModemBackend}, a byte-damaging {@link
 * io.qkdmodem.hal.serial.SerialLink} decorator, hex and docs helpers.
 */
package io.qkdmodem.protocol.testing;
