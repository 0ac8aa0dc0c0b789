package io.qkdmodem.rig.scenario;

import java.util.Locale;

/**
 * The optical source and handshake profile a run uses. {@code DEFAULT}: weak coherent pulses with
 * decoy states and our default Quantum TLS mode (the whole transcript signed after the discussion).
 * {@code PAPER}: the paper's ideal single-photon source, plain BB84 and the paper's handshake order
 * and QKD Configuration example (BB84 v1, 20-byte key, TTL 200 messages).
 */
public enum SourceProfile {
    DEFAULT,
    PAPER;

    /** The spelling on the command line and in JSON. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The source model the handshake sizes its key for: {@code weak-coherent} (decoy-state bound of
     * Lim et al. 2014 on each block's counts) for the default profile, {@code single-photon}
     * (Tomamichel et al. 2012) for the paper's ideal source.
     */
    public String sourceModel() {
        return this == PAPER ? "single-photon" : "weak-coherent";
    }

    /** Parses {@code default} or {@code paper}, with a message naming the choices. */
    public static SourceProfile parse(String text) {
        for (SourceProfile p : values()) {
            if (p.cliName().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("profile must be default or paper, got '" + text + "'");
    }
}
