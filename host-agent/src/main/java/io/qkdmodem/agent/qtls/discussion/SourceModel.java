package io.qkdmodem.agent.qtls.discussion;

/**
 * The photon source the key's modems use, which decides the security argument of the key length.
 */
public enum SourceModel {
    /**
     * An ideal single-photon source (the paper's model, the rig's {@code paper} profile): the
     * finite-key length of Tomamichel et al. 2012; decoy counts, if a block carries them, are used.
     */
    SINGLE_PHOTON,
    /**
     * Weak coherent pulses with decoy states: multi-photon pulses must be discounted, so every
     * block must carry its decoy-state counts (Lim et al. 2014); a block without them is refused
     * with {@code key_distillation_failed} and no key.
     */
    WEAK_COHERENT
}
