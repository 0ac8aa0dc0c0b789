package io.qkdmodem.hal.entropy;

/**
 * A source of random bytes for the modem's choices (Alice's slot states, Bob's bases) and for the
 * keys of counter-mode slot-state generators. Implementations say what they are ({@link #kind()})
 * and how much min-entropy per byte they claim, which sizes the health tests.
 */
public interface EntropySource extends AutoCloseable {

    EntropyKind kind();

    /** Human-readable description ("hardware RNG /dev/hwrng", ...), never any output bytes. */
    String description();

    /** The min-entropy per output byte this source claims, in (0, 8]. */
    double claimedMinEntropyPerByte();

    /**
     * Fills {@code out} with random bytes.
     *
     * @throws EntropyHealthException if a health test failed now or earlier (the source stays
     *     stopped; nothing useful is left in {@code out})
     * @throws EntropyException if the source could not be read
     */
    void nextBytes(byte[] out) throws EntropyException;

    @Override
    void close();
}
