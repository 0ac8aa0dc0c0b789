package io.qkdmodem.keystore;

/** A reservation: which bits, under which reference, asked for by which request, and its state. */
public record Reservation(Reference reference, RequestId requestId, KeyRange range, State state) {

    /** Reserved bits can be read; consumed bits are gone for good. */
    public enum State {
        RESERVED,
        CONSUMED
    }
}
