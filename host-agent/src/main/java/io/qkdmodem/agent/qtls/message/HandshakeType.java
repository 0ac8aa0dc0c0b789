package io.qkdmodem.agent.qtls.message;

/**
 * Handshake message types: RFC 5246 section 7.4 for the TLS ones, ours (60-65) for the sifted-key
 * reference, the BB84 public discussion, key updates and in-band key refreshes.
 */
public final class HandshakeType {
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int CERTIFICATE = 11;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int SERVER_HELLO_DONE = 14;
    public static final int CERTIFICATE_VERIFY = 15;
    public static final int FINISHED = 20;

    /** Server to client: the reference of the sifted key its modem reserved. */
    public static final int SIFTED_KEY_REFERENCE = 60;

    /** One public message of the BB84 discussion (either direction). */
    public static final int BB84_DISCUSSION = 61;

    /** After the handshake: the sender switched its write keys to fresh QKD key. */
    public static final int KEY_UPDATE = 62;

    /** After the handshake, client to server: please start an in-band key refresh. */
    public static final int KEY_REFRESH_REQUEST = 63;

    /** After the handshake, server to client: the sifted key reserved for a key refresh. */
    public static final int KEY_REFRESH_REFERENCE = 64;

    /** In a qkd_key_refresh record: the sender's Wegman-Carter tag over the refresh. */
    public static final int KEY_REFRESH_FINISHED = 65;

    /** Handshake header: msg_type(1) length(3). */
    public static final int HEADER_LENGTH = 4;

    private HandshakeType() {}

    public static String name(int type) {
        return switch (type) {
            case CLIENT_HELLO -> "ClientHello";
            case SERVER_HELLO -> "ServerHello";
            case CERTIFICATE -> "Certificate";
            case CERTIFICATE_REQUEST -> "CertificateRequest";
            case SERVER_HELLO_DONE -> "ServerHelloDone";
            case CERTIFICATE_VERIFY -> "CertificateVerify";
            case FINISHED -> "Finished";
            case SIFTED_KEY_REFERENCE -> "SiftedKeyReference";
            case BB84_DISCUSSION -> "Bb84Discussion";
            case KEY_UPDATE -> "KeyUpdate";
            case KEY_REFRESH_REQUEST -> "KeyRefreshRequest";
            case KEY_REFRESH_REFERENCE -> "KeyRefreshReference";
            case KEY_REFRESH_FINISHED -> "KeyRefreshFinished";
            default -> "unknown(" + type + ")";
        };
    }
}
