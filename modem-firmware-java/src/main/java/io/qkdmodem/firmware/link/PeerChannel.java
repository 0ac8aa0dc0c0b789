package io.qkdmodem.firmware.link;

import java.io.IOException;
import java.time.Duration;

/** A connected modem-to-modem link carrying {@link LinkMessage}s. One reader, one writer. */
public interface PeerChannel extends AutoCloseable {

    /** Sends one message. */
    void send(LinkMessage m) throws IOException;

    /**
     * Waits up to {@code timeout} for the next message.
     *
     * @return the message, or null if none arrived in time
     * @throws IOException if the link is down (reconnect)
     * @throws LinkProtocolException if a corrupt or undecodable frame arrived (reconnect and
     *     resync)
     */
    LinkMessage receive(Duration timeout) throws IOException, LinkProtocolException;

    /**
     * Refuses (as a {@link LinkProtocolException}, before buffering it) any later frame whose
     * message exceeds {@code maxBytes}: the engine derives the bound from the agreed settings
     * ({@link LinkCodec#maxMessageFor}). Channels that hold no frame buffer ignore it.
     */
    default void limitMessageSize(int maxBytes) {}

    /** A description of the far end, for logs. */
    String peer();

    @Override
    void close();
}
