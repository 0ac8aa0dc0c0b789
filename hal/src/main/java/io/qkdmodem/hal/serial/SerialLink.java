package io.qkdmodem.hal.serial;

/**
 * A full-duplex byte stream to one serial device. {@link #read} and {@link #write} may be called
 * from two different threads at once (one reader, one writer); neither may be called concurrently
 * with itself.
 */
public interface SerialLink extends AutoCloseable {

    /** The device path or name, for logs. */
    String name();

    /** True until {@link #close()} is called or the link fails beyond recovery. */
    boolean isOpen();

    /**
     * Reads up to {@code len} bytes, waiting at most the configured read timeout for the first one.
     *
     * @return the number of bytes read, 0 if the timeout expired with nothing to read
     * @throws SerialLinkException if the link is closed or the device is gone (after any configured
     *     reconnect attempts failed)
     */
    int read(byte[] buf, int off, int len) throws SerialLinkException;

    /**
     * Writes all {@code len} bytes, or fails.
     *
     * @throws SerialLinkException if the link is closed, the device is gone, or the write timed out
     */
    void write(byte[] buf, int off, int len) throws SerialLinkException;

    default void write(byte[] buf) throws SerialLinkException {
        write(buf, 0, buf.length);
    }

    /** Closes the link; a blocked {@link #read} returns or fails promptly. Idempotent. */
    @Override
    void close();
}
