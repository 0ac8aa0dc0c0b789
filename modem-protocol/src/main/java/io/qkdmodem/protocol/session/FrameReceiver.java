package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.frame.Frame;
import io.qkdmodem.protocol.frame.FrameDecoder;
import io.qkdmodem.protocol.frame.FramingException;
import java.util.function.Consumer;

/**
 * The receive loop both ends of a session share: bytes from the line into the frame decoder, every
 * complete frame to the session, a framing error counted and skipped (the decoder has already
 * resynchronized), and the session's counters kept.
 */
final class FrameReceiver {
    private final FrameDecoder decoder = new FrameDecoder();
    private final SessionStats stats;

    FrameReceiver(SessionStats stats) {
        this.stats = stats;
    }

    /** Feeds {@code buf[off, off + len)} and hands each frame it completes to {@code onFrame}. */
    void receive(byte[] buf, int off, int len, Consumer<Frame> onFrame) {
        stats.wireBytesIn += len;
        decoder.feed(buf, off, len);
        while (true) {
            Frame f;
            try {
                f = decoder.next();
            } catch (FramingException e) {
                stats.framingErrors++;
                continue;
            }
            if (f == null) {
                return;
            }
            stats.framesReceived++;
            onFrame.accept(f);
        }
    }
}
