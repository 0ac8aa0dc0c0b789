package io.qkdmodem.agent.qtls.testing;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.KeySourceException;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SiftedKeySource} that delegates and remembers every {@link SiftedKey} handle it hands
 * out, so a test can check that the engine destroyed them.
 */
public final class RecordingKeySource implements SiftedKeySource {
    private final SiftedKeySource inner;
    private final List<SiftedKey> handedOut = new ArrayList<>();
    private volatile boolean failConsume;
    private long replenishedBytes;

    public RecordingKeySource(SiftedKeySource inner) {
        this.inner = inner;
    }

    /** From now on every consume fails with UNAVAILABLE (a modem that does not answer). */
    public RecordingKeySource failConsume() {
        failConsume = true;
        return this;
    }

    /** Bytes handed to {@link #replenish} that the inner source accepted. */
    public synchronized long replenishedBytes() {
        return replenishedBytes;
    }

    /** Every handle returned by reserve or fetch so far. */
    public synchronized List<SiftedKey> handedOut() {
        return List.copyOf(handedOut);
    }

    @Override
    public synchronized SiftedKey reserve(int bits) throws KeySourceException {
        SiftedKey k = inner.reserve(bits);
        handedOut.add(k);
        return k;
    }

    @Override
    public synchronized SiftedKey fetch(KeyReference reference, int bits)
            throws KeySourceException {
        SiftedKey k = inner.fetch(reference, bits);
        handedOut.add(k);
        return k;
    }

    @Override
    public void consume(KeyReference reference) throws KeySourceException {
        if (failConsume) {
            throw new KeySourceException(
                    KeySourceException.Reason.UNAVAILABLE, "consume failed (test)");
        }
        inner.consume(reference);
    }

    @Override
    public void release(KeyReference reference) throws KeySourceException {
        inner.release(reference);
    }

    @Override
    public synchronized void replenish(QtlsSecret key) throws KeySourceException {
        inner.replenish(key);
        replenishedBytes += key.length();
    }

    @Override
    public synchronized void replenish(KeyReference reference, QtlsSecret key)
            throws KeySourceException {
        inner.replenish(reference, key);
        replenishedBytes += key.length();
    }

    @Override
    public Status status() throws KeySourceException {
        return inner.status();
    }
}
