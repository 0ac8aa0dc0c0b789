package io.qkdmodem.agent.qtls.keysource;

import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * Sifted bits handed to the agent under a reference: {@code bits} packed most significant bit
 * first, with the block's decoy-state counts when its source reports them (public figures that
 * parameter estimation needs to discount multi-photon pulses of a weak-coherent source; both modems
 * of a link hold the same counts). Secret: {@link #toString()} never shows the bits, {@link
 * #destroy()} zeroizes.
 */
public final class SiftedKey implements Destroyable {
    private final KeyReference reference;
    private final int bitLength;
    private final Optional<DecoyStatistics> decoyStatistics;
    private byte[] packed;

    /** Takes ownership of {@code packed}; no decoy counts. */
    public SiftedKey(KeyReference reference, int bitLength, byte[] packed) {
        this(reference, bitLength, packed, Optional.empty());
    }

    /**
     * Takes ownership of {@code packed}.
     *
     * @param decoyStatistics the counts of the bits' block; when present, their key-basis total
     *     must equal {@code bitLength} (the key bits are the key-basis detections)
     */
    public SiftedKey(
            KeyReference reference,
            int bitLength,
            byte[] packed,
            Optional<DecoyStatistics> decoyStatistics) {
        Objects.requireNonNull(decoyStatistics, "decoyStatistics");
        if (decoyStatistics.isPresent() && decoyStatistics.get().keyBasisTotal() != bitLength) {
            throw new IllegalArgumentException(
                    "decoy counts must count the sifted bits as key-basis detections");
        }
        this.decoyStatistics = decoyStatistics;
        if (bitLength < 0 || packed.length != (bitLength + 7) / 8) {
            throw new IllegalArgumentException("packed length does not match bit length");
        }
        this.reference = reference;
        this.bitLength = bitLength;
        this.packed = packed;
    }

    public KeyReference reference() {
        return reference;
    }

    public int bitLength() {
        return bitLength;
    }

    /** The block's decoy-state counts, empty when the source reports none. */
    public Optional<DecoyStatistics> decoyStatistics() {
        return decoyStatistics;
    }

    /** A copy of the packed bits; the caller zeroizes it. */
    public synchronized byte[] copyBits() {
        if (packed == null) {
            throw new IllegalStateException("sifted key destroyed");
        }
        return packed.clone();
    }

    @Override
    public synchronized void destroy() {
        if (packed != null) {
            Arrays.fill(packed, (byte) 0);
            packed = null;
        }
    }

    @Override
    public synchronized boolean isDestroyed() {
        return packed == null;
    }

    @Override
    public String toString() {
        return "SiftedKey["
                + reference
                + ", "
                + bitLength
                + " bits"
                + (decoyStatistics.isPresent() ? ", decoy counts" : "")
                + "]";
    }
}
