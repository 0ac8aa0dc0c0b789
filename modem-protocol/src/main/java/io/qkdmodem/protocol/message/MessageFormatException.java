package io.qkdmodem.protocol.message;

/** A payload that does not parse as the message its frame's type announces. */
public final class MessageFormatException extends Exception {

    public MessageFormatException(String detail) {
        super(detail);
    }
}
