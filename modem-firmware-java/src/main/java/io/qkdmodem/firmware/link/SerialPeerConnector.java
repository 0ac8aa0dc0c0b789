package io.qkdmodem.firmware.link;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SerialLinkException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The modem-to-modem link over a serial line (a null-modem cable between the boards). Frames are
 * delimited, so either side may start mid-stream; the line is reopened after a failure.
 */
public final class SerialPeerConnector implements PeerConnector {

    /** Opens the line. */
    @FunctionalInterface
    public interface LinkOpener {
        SerialLink open() throws SerialLinkException;
    }

    private final LinkOpener opener;
    private final Supplier<String> name;
    private volatile SerialLink current;

    public SerialPeerConnector(LinkOpener opener, Supplier<String> name) {
        this.opener = opener;
        this.name = name;
    }

    @Override
    public PeerChannel connect(Duration timeout) throws IOException {
        SerialLink link;
        try {
            link = opener.open();
        } catch (SerialLinkException e) {
            throw new IOException("cannot open the peer serial line: " + e.getMessage(), e);
        }
        current = link;
        return new FramedPeerChannel(new LinkPipe(link), "serial " + link.name());
    }

    @Override
    public String describe() {
        return "serial " + name.get();
    }

    @Override
    public void close() {
        SerialLink l = current;
        if (l != null) {
            l.close();
        }
    }

    private static final class LinkPipe implements FramedPeerChannel.BytePipe {
        private final SerialLink link;

        LinkPipe(SerialLink link) {
            this.link = link;
        }

        @Override
        public int read(byte[] buf, int off, int len, long timeoutMillis) throws IOException {
            try {
                return link.read(buf, off, len);
            } catch (SerialLinkException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            try {
                link.write(buf, off, len);
            } catch (SerialLinkException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
