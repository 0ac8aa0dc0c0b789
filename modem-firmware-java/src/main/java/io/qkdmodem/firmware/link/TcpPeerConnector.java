package io.qkdmodem.firmware.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The modem-to-modem link over TCP: one side listens, the other connects. A new connection replaces
 * the old one (a peer that restarted simply connects again).
 */
public final class TcpPeerConnector implements PeerConnector {
    private final String host;
    private final int port;
    private final boolean listen;
    private ServerSocket server;
    private volatile boolean closed;

    private TcpPeerConnector(String host, int port, boolean listen) {
        this.host = host;
        this.port = port;
        this.listen = listen;
    }

    /** Listens on {@code bindHost:port} (port 0: any free port, see {@link #localPort()}). */
    public static TcpPeerConnector listen(String bindHost, int port) throws IOException {
        TcpPeerConnector c = new TcpPeerConnector(bindHost, port, true);
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(bindHost, port), 1);
        c.server = ss;
        return c;
    }

    /** Connects to {@code host:port} on each {@link #connect}. */
    public static TcpPeerConnector connect(String host, int port) {
        return new TcpPeerConnector(host, port, false);
    }

    /** The port listened on (listening side). */
    public int localPort() {
        return server != null ? server.getLocalPort() : port;
    }

    @Override
    public PeerChannel connect(Duration timeout) throws IOException {
        if (closed) {
            throw new IOException("connector closed");
        }
        Socket s;
        if (listen) {
            server.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                throw new IOException("no peer connected within " + timeout);
            }
        } else {
            s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        return new FramedPeerChannel(new SocketPipe(s), s.getRemoteSocketAddress().toString());
    }

    @Override
    public String describe() {
        return listen
                ? "tcp-listen " + host + ":" + localPort()
                : "tcp-connect " + host + ":" + port;
    }

    @Override
    public void close() {
        closed = true;
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static final class SocketPipe implements FramedPeerChannel.BytePipe {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketPipe(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public int read(byte[] buf, int off, int len, long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
            try {
                return in.read(buf, off, len);
            } catch (SocketTimeoutException e) {
                return 0;
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            out.write(buf, off, len);
            out.flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
