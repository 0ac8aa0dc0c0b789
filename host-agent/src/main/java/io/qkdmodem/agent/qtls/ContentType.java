package io.qkdmodem.agent.qtls;

/**
 * Record content types: RFC 5246 section 6.2.1, plus the paper's QKD Configuration Protocol and our
 * in-band key refresh.
 */
public final class ContentType {
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;

    /** Paper section 4.3: the QKD Configuration Protocol, a record content type of its own. */
    public static final int QKD_CONFIGURATION = 30;

    /**
     * Ours: the public messages of an in-band key refresh (its BB84 discussion and the closing
     * Wegman-Carter tags). Never protected by the record keys (sequence numbers do not advance);
     * authenticated as a whole by the KeyRefreshFinished tags.
     */
    public static final int QKD_KEY_REFRESH = 31;

    private ContentType() {}

    public static boolean known(int type) {
        return type == CHANGE_CIPHER_SPEC
                || type == ALERT
                || type == HANDSHAKE
                || type == APPLICATION_DATA
                || type == QKD_CONFIGURATION
                || type == QKD_KEY_REFRESH;
    }
}
