/**
 * Big-endian byte reading and writing shared by every codec of this module: a cursor over a byte
 * array that reports running out of input as {@link
 * io.qkdmodem.protocol.wire.WireUnderflowException}, which each codec converts into its own typed
 * error in one place.
 */
package io.qkdmodem.protocol.wire;
