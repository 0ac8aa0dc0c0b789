package io.qkdmodem.agent.qtls.keysource;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;

/**
 * What the agent needs from its modem (DESIGN.md section 3, step 4). The server's agent (beside
 * Alice's modem) {@link #reserve reserves} sifted key and sends the reference; the client's agent
 * (beside Bob's) {@link #fetch fetches} the same reference. After the discussion both {@link
 * #consume} it (the modem zeroizes it); a failed handshake that disclosed nothing {@link #release
 * releases} it. {@link #replenish} hands a slice of final key back for the modem link's
 * authentication pool. Implementations are thread-safe; the modem client implements this over the
 * serial line.
 *
 * <p>A source whose modems use a weak-coherent-pulse source hands every reserved or fetched key
 * with its block's decoy-state counts ({@link SiftedKey#decoyStatistics()}), the same on both
 * sides; without them the discussion refuses to distill a key from a weak-coherent source.
 */
public interface SiftedKeySource {

    /** Reserves at least {@code bits} sifted bits for one handshake (Alice's side). */
    SiftedKey reserve(int bits) throws KeySourceException;

    /**
     * The {@code bits} sifted bits the peer's modem reserved under {@code reference} (Bob's side);
     * reserves them at this modem for this handshake.
     */
    SiftedKey fetch(KeyReference reference, int bits) throws KeySourceException;

    /** Marks the referenced key consumed; it is never served again. */
    void consume(KeyReference reference) throws KeySourceException;

    /** Gives back a reservation that was not used (nothing of it was disclosed). */
    void release(KeyReference reference) throws KeySourceException;

    /** Hands final key to the modem for its link-authentication pool. */
    void replenish(QtlsSecret key) throws KeySourceException;

    /**
     * Hands the modem a slice of the final key of the handshake that used {@code reference}, for
     * its link-authentication pool. A modem places it at the pool address it derives from the
     * reference, which the peer's modem derives too, so the two pools stay aligned whatever order
     * the slices arrive in (docs/security.md). Sources without a real modem pool just count it.
     */
    default void replenish(KeyReference reference, QtlsSecret key) throws KeySourceException {
        replenish(key);
    }

    /**
     * True for a simulation whose "sifted key" anyone can reproduce (a shared seed, a
     * non-cryptographic generator): such a source gives no secrecy at all, and the agent refuses to
     * serve with it unless the operator says explicitly that this is a demonstration.
     */
    default boolean isSimulated() {
        return false;
    }

    /** What the modem has, for {@code status}. */
    Status status() throws KeySourceException;

    /** Key-pool figures reported by the modem. */
    record Status(
            String modem, long availableSiftedBits, long reservedBits, long replenishedBytes) {}
}
