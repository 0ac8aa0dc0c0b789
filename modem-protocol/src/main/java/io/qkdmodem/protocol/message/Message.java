package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/** One message of the modem link: the payload of one frame. Implementations are immutable. */
public interface Message {

    MessageType type();

    /** True for answers to a request (the frame carries the RESPONSE flag). */
    boolean isResponse();

    /** True if the payload holds key bits, so the frame must be encrypted. */
    default boolean carriesKey() {
        return false;
    }

    /** Writes the payload (not the frame header). */
    void writePayload(ByteWriter w);

    /** The payload bytes. */
    default byte[] payload() {
        ByteWriter w = new ByteWriter();
        writePayload(w);
        return w.toByteArray();
    }
}
