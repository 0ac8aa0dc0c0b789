package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import java.time.Duration;

/**
 * One end of the simulated fiber. Alice's transmitter sends the {@link Arrivals} of each frame;
 * Bob's receiver takes them by frame id. Frames are delivered in order; a receiver asking for a
 * later frame skips (drops) earlier ones it never asked for.
 */
public interface FiberLink extends AutoCloseable {

    void send(Arrivals arrivals) throws HalException;

    /**
     * The arrivals of frame {@code frameId}.
     *
     * @throws HalException on timeout, on a closed or broken link, or if the next frame on the line
     *     is later than the one asked for (that frame never crossed)
     */
    Arrivals receive(long frameId, Duration timeout) throws HalException;

    @Override
    void close();
}
