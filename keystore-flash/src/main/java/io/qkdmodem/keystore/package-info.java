/**
 * The flash device model (NOR semantics) and the power-safe, log-structured key store that keeps
 * sifted key blocks between BB84 and the handshake. Depends on none of our other modules.
 */
package io.qkdmodem.keystore;
