package io.qkdmodem.keystore;

import java.util.Optional;

/**
 * A power-safe store of sifted key blocks. One writer and many readers may use it concurrently.
 *
 * <p>Life of key bits: {@link #append} a block (durable on return) → {@link #reserve} a range of
 * its bits under a {@link Reference} that is never handed out again → {@link #read} it (as often as
 * needed, also after a restart) → {@link #consume} it (durable used-mark, then the bits are
 * zeroized on the flash). Every mutating call is durable when it returns; if power fails during a
 * call, the store after the next mount is either as if the call never started or as if it
 * completed.
 *
 * <p>All failures are {@link KeyStoreException}s carrying a {@link KeyStoreException.Reason}; a
 * failed call changes nothing. Key material only travels in {@link KeyMaterial} handles.
 */
public interface KeyStore extends AutoCloseable {

    /**
     * Stores a key block; it is durable when this returns. The caller keeps ownership of {@code
     * block.bits()} (the store copies it).
     *
     * @throws KeyStoreException DUPLICATE_BLOCK if a block with this id is present, BLOCK_TOO_LARGE
     *     above {@link #maxBlockBits()}, STORE_FULL if no space can be reclaimed
     */
    void append(KeyBlock block);

    /**
     * Reserves {@code bits} not yet reserved bits, chosen by the store (oldest block first), under
     * a fresh reference. Idempotent per request id: a repeated call with the same {@code requestId}
     * (also after a restart) returns the existing reservation, whatever its state, provided the
     * same number of bits is asked for.
     *
     * @throws KeyStoreException INSUFFICIENT_KEY if no single block has {@code bits} free bits,
     *     REQUEST_ID_CONFLICT if the request id names a reservation of a different size
     */
    Reservation reserve(RequestId requestId, int bits);

    /**
     * Reserves one whole key block: the oldest block of at least {@code minBits} bits none of whose
     * bits is reserved or consumed, all of its bits under a fresh reference (offset 0, the block's
     * length). Its {@link KeyBlockInfo#counts() counts} then describe exactly the reserved bits,
     * which decoy-state parameter estimation needs. Idempotent per request id like {@link
     * #reserve(RequestId, int)}: a repeated call (also after a restart) returns the existing
     * reservation.
     *
     * @throws KeyStoreException INSUFFICIENT_KEY if no whole unreserved block has {@code minBits}
     *     bits, REQUEST_ID_CONFLICT if the request id names a reservation that is not a whole block
     *     of at least {@code minBits} bits, INVALID_ARGUMENT if {@code minBits} is not positive
     */
    Reservation reserveBlock(RequestId requestId, int minBits);

    /**
     * Reserves exactly {@code range} (the peer modem's side: the other modem chose the range and
     * its reference travels with the request). Idempotent per request id like {@link
     * #reserve(RequestId, int)}.
     *
     * @throws KeyStoreException RANGE_UNAVAILABLE if any bit of the range is absent, reserved or
     *     consumed; MISALIGNED_RANGE if the offset is not a multiple of {@link #segmentBits()};
     *     REQUEST_ID_CONFLICT if the request id names a different range
     */
    Reservation reserve(RequestId requestId, KeyRange range);

    /** The reservation made under this request id, if the store still remembers it. */
    Optional<Reservation> findReservation(RequestId requestId);

    /** The reservation with this reference, if the store still remembers it. */
    Optional<Reservation> reservation(Reference reference);

    /**
     * The reserved bits. The caller must {@link KeyMaterial#destroy()} the handle.
     *
     * @throws KeyStoreException UNKNOWN_REFERENCE, ALREADY_CONSUMED, CORRUPT_DATA (the flash no
     *     longer holds the bits intact; no bits are returned)
     */
    KeyMaterial read(Reference reference);

    /**
     * Marks the reservation used (durable), then zeroizes its bits on the flash. Idempotent:
     * consuming a consumed reservation returns normally.
     *
     * @throws KeyStoreException UNKNOWN_REFERENCE
     */
    void consume(Reference reference);

    /**
     * The value of durable monotonic counter {@code id} (0 if it was never advanced). Counters live
     * in the store's log, under the same power-loss rules as everything else: other components (the
     * firmware's authentication pool) use one to detect that a file of theirs was replaced by an
     * older copy.
     */
    long counter(int id);

    /**
     * Raises counter {@code id} to {@code value}, durably before it returns; a value not above the
     * current one changes nothing (a counter never goes down).
     *
     * @throws KeyStoreException STORE_FULL if no space can be reclaimed for the record
     */
    void advanceCounter(int id, long value);

    /** Metadata (counts, sizes) of a stored block, without its bits. */
    Optional<KeyBlockInfo> blockInfo(long blockId);

    /** A consistent snapshot of the store's figures. */
    KeyStoreStats stats();

    /**
     * Runs garbage collection now: reclaims erase blocks whose records are mostly dead and levels
     * wear. Mutating calls also collect on their own when free space runs low.
     *
     * @return the number of erase blocks reclaimed
     */
    int collectGarbage();

    /** Largest key block {@link #append} accepts, in bits. */
    int maxBlockBits();

    /**
     * Granule of reservations: ranges start on multiples of this and are zeroized in whole
     * granules.
     */
    int segmentBits();

    /** Releases the device; further calls fail with CLOSED. Never throws. */
    @Override
    void close();
}
