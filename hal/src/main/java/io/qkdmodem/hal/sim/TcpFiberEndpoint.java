package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a simulated fiber between two processes, over loopback TCP. Only {@link Arrivals}
 * cross (see its wire form): the slots where photons reach Bob with their polarization and photon
 * number, which is what a real fiber carries. Either end may listen; the other connects. Frames
 * sent before the peer connected wait (up to 30 s) for the connection.
 */
public final class TcpFiberEndpoint extends QueuedFiberLink {
    private static final Logger LOG = LoggerFactory.getLogger(TcpFiberEndpoint.class);
    private static final long CONNECT_WAIT_SECONDS = 30;

    private final ServerSocket server;
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile Socket socket;
    private volatile DataOutputStream out;

    private TcpFiberEndpoint(ServerSocket server) {
        super(1024);
        this.server = server;
    }

    /** Listens on the loopback interface (port 0: any free port, see {@link #localPort()}). */
    public static TcpFiberEndpoint listen(int port) throws HalException {
        try {
            ServerSocket ss = new ServerSocket();
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            TcpFiberEndpoint e = new TcpFiberEndpoint(ss);
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    e.attach(ss.accept());
                                } catch (IOException ex) {
                                    e.fail("accept failed: " + ex.getMessage());
                                }
                            },
                            "fiber-accept-" + ss.getLocalPort());
            t.setDaemon(true);
            t.start();
            return e;
        } catch (IOException ex) {
            throw new HalException("cannot listen for the fiber on port " + port, ex);
        }
    }

    /** Connects to a listening end. */
    public static TcpFiberEndpoint connect(String host, int port) throws HalException {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), 10_000);
            TcpFiberEndpoint e = new TcpFiberEndpoint(null);
            e.attach(s);
            return e;
        } catch (IOException ex) {
            throw new HalException("cannot connect the fiber to " + host + ":" + port, ex);
        }
    }

    public int localPort() {
        return server != null ? server.getLocalPort() : socket.getLocalPort();
    }

    private void attach(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        socket = s;
        out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        DataInputStream in =
                new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    deliver(Arrivals.readFrom(in));
                                }
                            } catch (EOFException eof) {
                                fail("peer closed the fiber");
                            } catch (IOException ex) {
                                if (!isClosed()) {
                                    LOG.warn("Fiber link broke: {}", ex.getMessage());
                                }
                                fail(ex.getMessage());
                            } catch (InterruptedException ex) {
                                fail("interrupted");
                            }
                        },
                        "fiber-reader-" + s.getLocalPort());
        reader.setDaemon(true);
        reader.start();
        connected.countDown();
    }

    @Override
    public void send(Arrivals arrivals) throws HalException {
        if (isClosed()) {
            throw new HalException("fiber is closed");
        }
        try {
            if (!connected.await(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new HalException("no peer connected to the fiber");
            }
            synchronized (this) {
                arrivals.writeTo(out);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HalException("interrupted sending frame " + arrivals.frameId(), e);
        } catch (IOException e) {
            throw new HalException("fiber send failed for frame " + arrivals.frameId(), e);
        }
    }

    @Override
    public void close() {
        super.close();
        try {
            if (socket != null) {
                socket.close();
            }
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.debug("closing fiber: {}", e.getMessage());
        }
    }
}
