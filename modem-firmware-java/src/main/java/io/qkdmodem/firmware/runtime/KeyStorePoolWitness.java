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
}
