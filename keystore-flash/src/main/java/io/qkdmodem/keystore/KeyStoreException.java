package io.qkdmodem.keystore;

/**
 * The one error type of the key store. Messages name references, block ids and sizes, never key
 * material. A call that throws has changed nothing durable (except FLASH_FAILURE and POWER_LOST,
 * after which the store must be remounted).
 */
public final class KeyStoreException extends RuntimeException {

    /** What went wrong; the firmware maps these to its wire error codes. */
    public enum Reason {
        /** No reservation with this reference or request id. */
        UNKNOWN_REFERENCE,
        /** A block with this id is already stored. */
        DUPLICATE_BLOCK,
        /** The block does not fit in one erase block of the log. */
        BLOCK_TOO_LARGE,
        /** Not enough unreserved bits in any single block. */
        INSUFFICIENT_KEY,
        /** The requested exact range is absent, reserved or consumed. */
        RANGE_UNAVAILABLE,
        /** The requested exact range does not start on a segment boundary. */
        MISALIGNED_RANGE,
        /** The request id was used before for a different reservation. */
        REQUEST_ID_CONFLICT,
        /** The reservation has been consumed; its bits are gone. */
        ALREADY_CONSUMED,
        /** No free space can be reclaimed. */
        STORE_FULL,
        /** Stored data failed its integrity check; nothing from it is returned. */
        CORRUPT_DATA,
        /** The provisioned device key is not the key this image was formatted with. */
        WRONG_DEVICE_KEY,
        /** The device holds no key store (or one of another format version). */
        NOT_FORMATTED,
        /** The flash reported an error (worn-out block, I/O error). Remount. */
        FLASH_FAILURE,
        /** Power was lost during the call (fault injection). Remount. */
        POWER_LOST,
        /** The store is closed, or failed and must be remounted. */
        CLOSED,
        /** An argument is out of its documented bounds. */
        INVALID_ARGUMENT
    }

    private final Reason reason;

    public KeyStoreException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public KeyStoreException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
