package io.qkdmodem.protocol.wire;

/**
 * A {@link ByteReader} was asked for more bytes than remain. Codecs catch it at their single decode
 * entry point and convert it into their own typed error; it never leaves this module.
 */
public final class WireUnderflowException extends RuntimeException {

    WireUnderflowException(int wanted, int remaining) {
        super("needed " + wanted + " bytes, " + remaining + " remain");
    }
}
