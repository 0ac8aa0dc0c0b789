package io.qkdmodem.firmware.testing;

import io.qkdmodem.firmware.link.LinkMessage;
import io.qkdmodem.firmware.link.LinkProtocolException;
import io.qkdmodem.firmware.link.PeerChannel;
import io.qkdmodem.firmware.link.PeerConnector;
import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A man in the middle on Alice's side of the peer link: rewrites the messages she sends and
 * receives with the given functions (identity to pass them through).
 */
public final class TamperingConnector implements PeerConnector {
    private final PeerConnector inner;
    private final UnaryOperator<LinkMessage> outbound;
    private final UnaryOperator<LinkMessage> inbound;

    public TamperingConnector(
            PeerConnector inner,
            UnaryOperator<LinkMessage> outbound,
            UnaryOperator<LinkMessage> inbound) {
        this.inner = inner;
        this.outbound = outbound;
        this.inbound = inbound;
    }

    @Override
    public PeerChannel connect(Duration timeout) throws IOException {
        PeerChannel ch = inner.connect(timeout);
        return new PeerChannel() {
            @Override
            public void send(LinkMessage m) throws IOException {
                ch.send(outbound.apply(m));
            }

            @Override
            public LinkMessage receive(Duration t) throws IOException, LinkProtocolException {
                LinkMessage m = ch.receive(t);
                return m == null ? null : inbound.apply(m);
            }

            @Override
            public String peer() {
                return ch.peer();
            }

            @Override
            public void close() {
                ch.close();
            }
        };
    }

    @Override
    public String describe() {
        return "tampering " + inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
