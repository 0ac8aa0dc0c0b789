package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.auth.PoolVersionWitness;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreException;

/**
 * The auth pool file's version kept in a monotonic counter of the key store's log (counter {@value
 * #COUNTER}): the log is already power-loss safe, append-only and encrypted under the device key,
 * so putting an older pool file back on the card is detected at the next start (docs/security.md,
 * "Keys at rest and in logs"). It does not help against a copy of the whole card (pool file and
 * flash image together) put back: that needs storage the attacker cannot roll back.
 */
public final class KeyStorePoolWitness implements PoolVersionWitness {

    /** The key store counter that holds the auth pool file's version. */
    public static final int COUNTER = 1;

    /**
     * First of the counters that hold the fingerprints of the provisioned secrets this board has
     * seen, one counter each, written once ({@value #MAX_SECRETS} at most).
     */
    public static final int SECRET_BASE = 0x1000;

    /** Most provisioned secrets a board records. */
    public static final int MAX_SECRETS = 1024;

    /**
     * First of the counters that hold the pool's position, one per provisioned pool: counter {@code
     * POSITION_BASE + n} for the pool built from the n-th recorded secret ({@code n = 0} for a pool
     * provisioned before secrets were recorded), so a re-provisioned pool starts at 0.
     */
    public static final int POSITION_BASE = 0x2000;

    private final KeyStore store;

    public KeyStorePoolWitness(KeyStore store) {
        this.store = store;
    }

    @Override
    public long recorded() throws AuthPoolException {
        try {
            return store.counter(COUNTER);
        } catch (KeyStoreException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot read the pool version from the key store: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void record(long version) throws AuthPoolException {
        try {
            store.advanceCounter(COUNTER, version);
        } catch (KeyStoreException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot record the pool version in the key store: " + e.getMessage(),
                    e);
        }
    }

    /** Number of provisioned secrets recorded (the first counter of the list that is still 0). */
    int secretsRecorded() throws AuthPoolException {
        try {
            int n = 0;
            while (n < MAX_SECRETS && store.counter(SECRET_BASE + n) != 0) {
                n++;
            }
            return n;
        } catch (KeyStoreException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot read provisioned secrets from the key store: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean secretSeen(long fingerprint) throws AuthPoolException {
        int n = secretsRecorded();
        for (int i = 0; i < n; i++) {
            if (store.counter(SECRET_BASE + i) == fingerprint) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void recordSecret(long fingerprint) throws AuthPoolException {
        if (fingerprint <= 0) {
            throw new IllegalArgumentException("fingerprint must be positive");
        }
        int n = secretsRecorded();
        if (n >= MAX_SECRETS) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "the key store holds " + MAX_SECRETS + " provisioned secrets already");
        }
        try {
            // one record: a power cut leaves the slot either empty or holding the fingerprint
            store.advanceCounter(SECRET_BASE + n, fingerprint);
        } catch (KeyStoreException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot record the provisioned secret in the key store: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public long recordedPosition() throws AuthPoolException {
        int id = POSITION_BASE + secretsRecorded();
        try {
            return store.counter(id);
        } catch (KeyStoreException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot read the pool position from the key store: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void recordPosition(long position) throws AuthPoolException {
        int id = POSITION_BASE + secretsRecorded();
        try {
            store.advanceCounter(id, position);
        } catch (KeyStoreException e) {
            throw new AuthPoolException(
                    AuthPoolException.Reason.STORAGE,
                    "cannot record the pool position in the key store: " + e.getMessage(),
                    e);
        }
    }
}
