package io.qkdmodem.keystore.flash;

/**
 * A NOR flash device. Addresses are byte offsets from 0 to {@code geometry().capacity()}.
 *
 * <ul>
 *   <li>{@link #program} may only clear bits: a source bit 1 over a stored 0 is a {@link
 *       FlashException.ProgramViolation} and nothing is written. Programming 1 over 1 or 0 over
 *       anything is allowed, so a byte can be programmed several times while bits only go down.
 *   <li>{@link #erase} sets a whole block to 0xFF and counts; once a block has been erased {@code
 *       endurance} times, further erases fail with {@link FlashException.WornOut}.
 *   <li>{@link #sync} returns when everything programmed and erased before it is durable.
 * </ul>
 *
 * A program or read may span pages and blocks. Reads may run concurrently with each other, never
 * with a program, erase or sync (the key store's lock guarantees that).
 */
public interface NorFlash extends AutoCloseable {

    FlashGeometry geometry();

    void read(long address, byte[] dst, int off, int len);

    void program(long address, byte[] src, int off, int len);

    void erase(int block);

    /** Erases of {@code block} so far (the device's own count; real NOR keeps none). */
    long eraseCount(int block);

    void sync();

    @Override
    void close();

    /** Checks that {@code [address, address + len)} lies inside a device of {@code geometry}. */
    static void checkRange(FlashGeometry geometry, long address, int len) {
        if (address < 0 || len < 0 || address + len > geometry.capacity()) {
            throw new IndexOutOfBoundsException(
                    "range ["
                            + address
                            + ", "
                            + (address + len)
                            + ") outside device of "
                            + geometry.capacity());
        }
    }
}
