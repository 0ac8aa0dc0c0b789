package io.qkdmodem.protocol.frame;

import io.qkdmodem.protocol.frame.FramingException.Reason;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Bytes to frames, sans-IO. {@link #feed} takes any slice of the stream (one byte at a time is
 * fine); {@link #next()} returns the next complete frame, {@code null} when more input is needed,
 * or throws the {@link FramingException} of the next malformed one. After a frame longer than
 * {@link FrameEncoder#MAX_ENCODED} the decoder discards until the next 0x00 and then recovers.
 * Empty frames (two delimiters in a row) are idle fill and ignored. Not thread-safe.
 */
public final class FrameDecoder {

    private final byte[] acc = new byte[FrameEncoder.MAX_ENCODED];
    private final byte[] decoded = new byte[FrameEncoder.MAX_DECODED];
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private int accLen;
    private boolean discarding;
    private long framesDecoded;
    private long framesRejected;
    private long bytesDiscarded;

    /** Feeds bytes; complete frames and errors queue up for {@link #next()}. */
    public void feed(byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b == 0) {
                if (discarding) {
                    discarding = false;
                } else if (accLen > 0) {
                    complete();
                }
                accLen = 0;
            } else if (discarding) {
                bytesDiscarded++;
            } else if (accLen == acc.length) {
                bytesDiscarded += accLen + 1;
                accLen = 0;
                discarding = true;
                reject(
                        new FramingException(
                                Reason.TOO_LONG,
                                "no delimiter within " + FrameEncoder.MAX_ENCODED + " bytes"));
            } else {
                acc[accLen++] = b;
            }
        }
    }

    public void feed(byte[] buf) {
        feed(buf, 0, buf.length);
    }

    /**
     * The next frame, or {@code null} if more bytes are needed.
     *
     * @throws FramingException for the next malformed frame (already skipped; call again)
     */
    public Frame next() throws FramingException {
        Object o = ready.poll();
        if (o instanceof FramingException) {
            throw (FramingException) o;
        }
        return (Frame) o;
    }

    /** True while bytes are being thrown away up to the next delimiter. */
    public boolean isDiscarding() {
        return discarding;
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    public long framesRejected() {
        return framesRejected;
    }

    public long bytesDiscarded() {
        return bytesDiscarded;
    }

    private void reject(FramingException e) {
        framesRejected++;
        ready.add(e);
    }

    private void complete() {
        int n = Cobs.decode(acc, 0, accLen, decoded, 0);
        Arrays.fill(acc, 0, accLen, (byte) 0);
        if (n < 0) {
            bytesDiscarded += accLen;
            reject(new FramingException(Reason.BAD_STUFFING, accLen + " stuffed bytes"));
            return;
        }
        try {
            if (n < FrameEncoder.HEADER_LENGTH + FrameEncoder.CRC_LENGTH) {
                reject(new FramingException(Reason.TOO_SHORT, n + " bytes"));
                return;
            }
            int payloadLength = ((decoded[7] & 0xFF) << 8) | (decoded[8] & 0xFF);
            if (FrameEncoder.HEADER_LENGTH + payloadLength + FrameEncoder.CRC_LENGTH != n) {
                reject(
                        new FramingException(
                                Reason.LENGTH_MISMATCH,
                                "length field " + payloadLength + ", frame of " + n + " bytes"));
                return;
            }
            int crc =
                    ((decoded[n - 4] & 0xFF) << 24)
                            | ((decoded[n - 3] & 0xFF) << 16)
                            | ((decoded[n - 2] & 0xFF) << 8)
                            | (decoded[n - 1] & 0xFF);
            if (crc != Crc32c.compute(decoded, 0, n - FrameEncoder.CRC_LENGTH)) {
                reject(new FramingException(Reason.BAD_CRC, "frame of " + n + " bytes"));
                return;
            }
            int flags = decoded[2] & 0xFF;
            if ((flags & ~Frame.KNOWN_FLAGS) != 0) {
                reject(
                        new FramingException(
                                Reason.BAD_FLAGS, String.format("flags 0x%02x", flags)));
                return;
            }
            long seq =
                    ((long) (decoded[3] & 0xFF) << 24)
                            | ((decoded[4] & 0xFF) << 16)
                            | ((decoded[5] & 0xFF) << 8)
                            | (decoded[6] & 0xFF);
            byte[] payload =
                    Arrays.copyOfRange(
                            decoded,
                            FrameEncoder.HEADER_LENGTH,
                            FrameEncoder.HEADER_LENGTH + payloadLength);
            framesDecoded++;
            ready.add(new Frame(decoded[0] & 0xFF, decoded[1] & 0xFF, flags, seq, payload));
        } finally {
            Arrays.fill(decoded, 0, n < 0 ? 0 : n, (byte) 0);
        }
    }
}
