package io.qkdmodem.agent.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes both ways between a plain TCP socket and a Quantum TLS connection until both
 * directions end; half-close is passed on (end of the plain stream becomes close_notify).
 */
public final class Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private Forwarder() {}

    /** Runs both directions (one on {@code pool}) and returns when both have ended. */
    public static void bridge(Socket plain, QtlsSocket secure, ExecutorService pool) {
        var upstream =
                pool.submit(
                        () -> {
                            try {
                                copy(plain.getInputStream(), secure.getOutputStream());
                            } catch (IOException e) {
                                LOG.debug("plain to quantum direction ended: {}", e.getMessage());
                            } finally {
                                try {
                                    secure.shutdownOutput();
                                } catch (IOException ignored) {
                                    // closing anyway
                                }
                            }
                        });
        try {
            copy(secure.getInputStream(), plain.getOutputStream());
            plain.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("quantum to plain direction ended: {}", e.getMessage());
        }
        try {
            upstream.get();
        } catch (Exception e) {
            LOG.debug("forwarding ended: {}", e.getMessage());
        } finally {
            closeQuietly(plain);
            try {
                secure.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
