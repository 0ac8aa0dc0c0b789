package io.qkdmodem.rig.orchestration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application on LAN B in the demo: a TCP echo service on loopback behind the server agent's
 * tunnel. It returns every byte it reads on the same connection. Closing it closes the listening
 * socket and every open connection, and joins its threads.
 */
public final class EchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final AtomicLong echoed = new AtomicLong();

    private EchoServer(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "rig-echo-accept");
        this.acceptor.setDaemon(true);
    }

    /** Starts listening on an ephemeral loopback port. */
    public static EchoServer start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        EchoServer e = new EchoServer(s);
        e.acceptor.start();
        return e;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Bytes echoed so far, over all connections. */
    public long bytesEchoed() {
        return echoed.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread t = new Thread(() -> echo(s), "rig-echo-" + s.getPort());
                t.setDaemon(true);
                workers.add(t);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void echo(Socket s) {
        byte[] buf = new byte[8192];
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
                echoed.addAndGet(n);
            }
        } catch (SocketException e) {
            // connection closed by the peer or by close()
        } catch (IOException e) {
            // same: the demo reports what came back, not this side's view
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
        try {
            acceptor.join(2000);
            for (Thread t : workers) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
