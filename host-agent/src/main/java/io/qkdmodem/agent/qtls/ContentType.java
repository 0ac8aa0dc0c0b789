package io.qkdmodem.agent.qtls;

/** Record content types: RFC 5246 section 6.2.1, plus the paper's QKD Configuration Protocol. */
public final class ContentType {
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;

    /** Paper section 4.3: the QKD Configuration Protocol, a record content type of its own. */
    public static final int QKD_CONFIGURATION = 30;

    private ContentType() {}

    public static boolean known(int type) {
        return type == CHANGE_CIPHER_SPEC
                || type == ALERT
                || type == HANDSHAKE
                || type == APPLICATION_DATA
                || type == QKD_CONFIGURATION;
    }
}
