/**
 * Framing of the modem link: COBS byte stuffing between 0x00 delimiters, a 9-byte header (version,
 * type, flags, sequence number, payload length), the payload and a CRC-32C. Sans-IO: {@link
 * io.qkdmodem.protocol.frame.FrameEncoder} turns a frame into bytes, {@link
 * io.qkdmodem.protocol.frame.FrameDecoder} turns any byte stream (with drops, duplicates,
 * corruption) into frames and typed {@link io.qkdmodem.protocol.frame.FramingException}s, and
 * resynchronizes at the next delimiter. Layout and rationale: docs/protocol/modem-link.md.
 */
package io.qkdmodem.protocol.frame;
