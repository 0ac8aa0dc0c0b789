package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.message.CountsResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.ReplenishResponse;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import java.util.function.Consumer;

/**
 * The modem's key operations, which {@link ModemSession} calls for an authenticated host. The
 * firmware implements it on its key store; tests use the in-memory implementation in this module's
 * test-jar. Calls come from one thread at a time (the session's driver).
 */
public interface ModemBackend {

    /** The current status (the session fills in its own counters and authentication state). */
    StatusResponse status();

    /**
     * Reserves {@code bits} of unreserved key and returns its reference. Must be idempotent on the
     * pair {@code (epoch, requestId)}: a second call with the same epoch, id and bits returns the
     * same reference and reserves nothing more (a different bit count is {@code
     * REQUEST_ID_CONFLICT}); the same id in another epoch is another request.
     */
    KeyRef reserve(long epoch, long requestId, int bits) throws ModemException;

    /** {@link #reserve(long, long, int)} in epoch 0. */
    default KeyRef reserve(long requestId, int bits) throws ModemException {
        return reserve(0, requestId, bits);
    }

    /**
     * Reserves one whole key block of at least {@code minBits} bits that has no reserved or
     * consumed bit (the oldest such block), all of it, and returns its reference and size (RESERVE
     * mode 2). Idempotent on {@code (epoch, requestId)} as {@link #reserve(long, long, int)}. The
     * default refuses: a backend without blocks cannot offer it.
     */
    default Reserved reserveBlock(long epoch, long requestId, int minBits) throws ModemException {
        throw new ModemException(
                ErrorCode.OUT_OF_RANGE, "this modem cannot reserve whole key blocks");
    }

    /** {@link #reserveBlock(long, long, int)} in epoch 0. */
    default Reserved reserveBlock(long requestId, int minBits) throws ModemException {
        return reserveBlock(0, requestId, minBits);
    }

    /** A reservation's reference and size in bits. */
    record Reserved(KeyRef ref, int bits) {
        public Reserved {
            java.util.Objects.requireNonNull(ref, "ref");
            if (bits < 1) {
                throw new IllegalArgumentException("bits must be positive");
            }
        }
    }

    /**
     * Reserves exactly the bits named by {@code ref} (chosen by the peer modem's host), idempotent
     * on {@code (epoch, requestId)} as {@link #reserve(long, long, int)}.
     */
    KeyRef reserveReference(long epoch, long requestId, KeyRef ref, int bits) throws ModemException;

    /** {@link #reserveReference(long, long, KeyRef, int)} in epoch 0. */
    default KeyRef reserveReference(long requestId, KeyRef ref, int bits) throws ModemException {
        return reserveReference(0, requestId, ref, bits);
    }

    /**
     * Up to {@code maxBytes} bytes of the reserved key from byte {@code offset}. The caller wipes
     * the returned data after use.
     */
    FetchResponse fetch(KeyRef ref, int offset, int maxBytes) throws ModemException;

    /**
     * Zeroizes the referenced bits. Returns true if this call consumed them, false if they were
     * already consumed (so a retransmitted CONSUME is harmless).
     */
    boolean consume(KeyRef ref) throws ModemException;

    /** Applies a QKD Configuration message. */
    void configure(QkdConfigMessage config) throws ModemException;

    /**
     * Places {@code material} (a slice of the final key of the handshake that used {@code ref}) in
     * the modem-to-modem authentication pool, at the place the modem derives from {@code ref} (the
     * peer modem derives the same one). Idempotent; returns what it did and the pool size in bits.
     * The caller wipes {@code material} afterwards.
     *
     * @throws ModemException REQUEST_ID_CONFLICT if that place holds other material, OUT_OF_RANGE
     *     if {@code ref} names no place or the slice is too long for it, STORE_FULL if the pool is
     *     full
     */
    ReplenishResponse replenish(KeyRef ref, byte[] material) throws ModemException;

    /**
     * The block that {@code ref}'s bits come from and its acquisition counts (COUNTS): the same on
     * both modems of a link.
     *
     * @throws ModemException UNKNOWN_REFERENCE if there is no such reservation
     */
    CountsResponse counts(KeyRef ref) throws ModemException;

    /** Where the backend reports events (block ready, alarms, link down, store full, pool low). */
    void setEventSink(Consumer<EventMessage> sink);
}
