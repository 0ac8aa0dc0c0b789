package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.frame.Cobs;
import io.qkdmodem.protocol.frame.Crc32c;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A {@link PeerChannel} over a byte pipe: each message travels as the COBS encoding of {@code
 * message || CRC-32C(message)} followed by a 0x00 delimiter, so a receiver that starts mid-stream
 * or meets a corrupt frame resynchronises at the next delimiter (a bad frame is reported as a
 * {@link LinkProtocolException}).
 */
public final class FramedPeerChannel implements PeerChannel {

    /** A full-duplex byte pipe (a socket, a serial line). */
    public interface BytePipe extends AutoCloseable {
        /** Reads up to len bytes waiting at most {@code timeoutMillis}; 0 on timeout. */
        int read(byte[] buf, int off, int len, long timeoutMillis) throws IOException;

        void write(byte[] buf, int off, int len) throws IOException;

        @Override
        void close();
    }

    private static final int MAX_ENCODED = Cobs.maxEncodedLength(LinkCodec.MAX_MESSAGE + 4);

    private final BytePipe pipe;
    private final String peer;
    private final byte[] readBuf = new byte[8192];
    private int readPos;
    private int readLen;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private boolean discarding;
    private int maxEncoded = MAX_ENCODED;
    private int maxMessage = LinkCodec.MAX_MESSAGE;

    public FramedPeerChannel(BytePipe pipe, String peer) {
        this.pipe = pipe;
        this.peer = peer;
    }

    @Override
    public void send(LinkMessage m) throws IOException {
        byte[] body = LinkCodec.encode(m);
        byte[] withCrc = Arrays.copyOf(body, body.length + 4);
        int crc = Crc32c.compute(body);
        for (int i = 0; i < 4; i++) {
            withCrc[body.length + i] = (byte) (crc >>> (24 - 8 * i));
        }
        byte[] out = new byte[Cobs.maxEncodedLength(withCrc.length) + 1];
        int n = Cobs.encode(withCrc, 0, withCrc.length, out, 0);
        out[n] = 0;
        pipe.write(out, 0, n + 1);
    }

    @Override
    public LinkMessage receive(Duration timeout) throws IOException, LinkProtocolException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (readPos < readLen) {
                byte b = readBuf[readPos++];
                if (b != 0) {
                    if (!discarding) {
                        frame.write(b);
                        if (frame.size() > maxEncoded) {
                            frame.reset();
                            discarding = true;
                            throw new LinkProtocolException("link frame too long");
                        }
                    }
                    continue;
                }
                if (discarding) {
                    discarding = false;
                    frame.reset();
                    continue;
                }
                if (frame.size() == 0) {
                    continue;
                }
                byte[] enc = frame.toByteArray();
                frame.reset();
                return decodeFrame(enc, maxMessage);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            int n = pipe.read(readBuf, 0, readBuf.length, left);
            if (n < 0) {
                throw new IOException("link closed by " + peer);
            }
            readPos = 0;
            readLen = n;
        }
    }

    private static LinkMessage decodeFrame(byte[] enc, int maxMessage)
            throws LinkProtocolException {
        byte[] dec = new byte[enc.length];
        int n;
        try {
            n = Cobs.decode(enc, 0, enc.length, dec, 0);
        } catch (RuntimeException e) {
            throw new LinkProtocolException("bad COBS frame", e);
        }
        if (n < 0) {
            throw new LinkProtocolException("bad COBS frame");
        }
        if (n < 5) {
            throw new LinkProtocolException("link frame too short");
        }
        if (n - 4 > maxMessage) {
            throw new LinkProtocolException("link message of " + (n - 4) + " bytes too long");
        }
        int crc = 0;
        for (int i = 0; i < 4; i++) {
            crc = crc << 8 | (dec[n - 4 + i] & 0xff);
        }
        if (crc != Crc32c.compute(dec, 0, n - 4)) {
            throw new LinkProtocolException("link frame failed its CRC");
        }
        return LinkCodec.decode(Arrays.copyOf(dec, n - 4));
    }

    @Override
    public void limitMessageSize(int maxBytes) {
        if (maxBytes < 1 || maxBytes > LinkCodec.MAX_MESSAGE) {
            throw new IllegalArgumentException("message size limit " + maxBytes);
        }
        maxMessage = maxBytes;
        maxEncoded = Cobs.maxEncodedLength(maxBytes + 4);
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        pipe.close();
    }
}
