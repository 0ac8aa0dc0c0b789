package io.qkdmodem.firmware.config;

/**
 * How the modem-to-modem classical link is made.
 *
 * @param kind listen or connect over TCP, or a serial line
 * @param host the address to bind (listen) or reach (connect); unused for serial
 * @param port the TCP port (0 when listening: any free port); unused for serial
 * @param serialPath the serial device (serial only)
 * @param baud the serial speed (serial only)
 */
public record PeerLinkSpec(Kind kind, String host, int port, String serialPath, int baud) {
    /** Transport of the peer link. */
    public enum Kind {
        TCP_LISTEN,
        TCP_CONNECT,
        SERIAL
    }

    public static PeerLinkSpec tcpListen(String bindHost, int port) {
        return new PeerLinkSpec(Kind.TCP_LISTEN, bindHost, port, null, 0);
    }

    public static PeerLinkSpec tcpConnect(String host, int port) {
        return new PeerLinkSpec(Kind.TCP_CONNECT, host, port, null, 0);
    }

    public static PeerLinkSpec serial(String path, int baud) {
        return new PeerLinkSpec(Kind.SERIAL, null, 0, path, baud);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TCP_LISTEN -> "tcp-listen:" + host + ":" + port;
            case TCP_CONNECT -> "tcp-connect:" + host + ":" + port;
            case SERIAL -> "serial:" + serialPath + "@" + baud;
        };
    }
}
