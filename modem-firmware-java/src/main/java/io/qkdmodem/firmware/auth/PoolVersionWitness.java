package io.qkdmodem.firmware.auth;

/**
 * Durable storage outside the pool file for the pool file's version, so that an older copy of the
 * file put back in its place is detected when the pool is opened ({@link
 * AuthPoolException.Reason#ROLLBACK}) instead of handing out tag keys that were already used. The
 * firmware keeps it in a monotonic counter of its key store's log ({@code KeyStorePoolWitness}).
 */
public interface PoolVersionWitness {

    /** The highest version recorded, 0 if none was ever recorded. */
    long recorded() throws AuthPoolException;

    /**
     * Records that the pool file is about to be rewritten at {@code version}, durably before it
     * returns; never lowers what is recorded.
     *
     * @throws AuthPoolException STORAGE if it cannot be recorded (the rewrite is then not made)
     */
    void record(long version) throws AuthPoolException;

    /**
     * Whether a provisioned secret with this fingerprint (see {@link AuthKeyPool#provision}) was
     * provisioned on this board before. A witness that keeps no fingerprints answers false.
     */
    default boolean secretSeen(long fingerprint) throws AuthPoolException {
        return false;
    }

    /**
     * Records, durably before it returns, that a secret with this fingerprint is being provisioned
     * (never to be accepted again).
     *
     * @throws AuthPoolException STORAGE if it cannot be recorded (nothing is provisioned then)
     */
    default void recordSecret(long fingerprint) throws AuthPoolException {}

    /**
     * The highest pool position recorded for the current pool (0 if none). The pool opens at no
     * lower position, whatever its file says.
     */
    default long recordedPosition() throws AuthPoolException {
        return 0;
    }

    /**
     * Records, durably before it returns, that the pool's position is about to become {@code
     * position} (before the file is rewritten and before the bytes below it are used); never lowers
     * what is recorded.
     *
     * @throws AuthPoolException STORAGE if it cannot be recorded (nothing is taken then)
     */
    default void recordPosition(long position) throws AuthPoolException {}
}
