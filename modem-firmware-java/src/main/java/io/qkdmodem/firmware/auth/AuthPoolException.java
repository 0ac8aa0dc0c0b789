package io.qkdmodem.firmware.auth;

/** The authentication key pool could not serve or store key. Messages never hold key bytes. */
public final class AuthPoolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** Not enough unused key in the pool: acquisition must stop until it is replenished. */
        EMPTY,
        /** The requested offset lies before the pool's position: that key was used already. */
        REUSE,
        /**
         * The requested bytes fall in a gap: a replenished slice this modem never received (the
         * peer's may hold it). The block is refused; both sides move past the gap.
         */
        MISSING,
        /** A replenish slice's place already holds other bytes; nothing was changed. */
        CONFLICT,
        /**
         * The pool file is older (or newer) than the version its {@link PoolVersionWitness}
         * recorded: an earlier copy was put back, so its tag keys may have been used already.
         */
        ROLLBACK,
        /** The pool file could not be read or written, or failed its integrity check. */
        STORAGE,
        /**
         * The pool file was encrypted under another device key (wrong device key file, or the pool
         * file of another board).
         */
        WRONG_DEVICE_KEY
    }

    private final Reason reason;

    public AuthPoolException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public AuthPoolException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
