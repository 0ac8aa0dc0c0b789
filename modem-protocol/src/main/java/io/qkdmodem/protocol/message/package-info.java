/**
 * The messages of the modem link, one immutable class per wire message with its payload codec
 * ({@link io.qkdmodem.protocol.message.Message#writePayload} and {@link
 * io.qkdmodem.protocol.message.Messages#decode}), the type, role, event and error code tables. Byte
 * layouts: docs/protocol/modem-link.md.
 */
package io.qkdmodem.protocol.message;
