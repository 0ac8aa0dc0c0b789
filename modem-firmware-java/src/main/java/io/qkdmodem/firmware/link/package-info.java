/**
 * The modem-to-modem classical link: its messages (one record each, with {@link
 * io.qkdmodem.firmware.link.LinkCodec}), and the thin transports that carry them (TCP or a serial
 * line, chosen by configuration).
 */
package io.qkdmodem.firmware.link;
