package io.qkdmodem.agent.qtls;

/** Where CertificateVerify sits relative to the BB84 discussion. */
public enum AuthenticationOrder {
    /**
     * Ours: certificates before the discussion, then both sides sign the whole transcript
     * (discussion included) after it; closes the paper's authentication gap (docs/security.md).
     */
    DEFAULT(0),
    /**
     * The paper's order (Figs. 3-4, section 4.5): only the client signs, before the discussion;
     * nothing signed covers the discussion. For interoperability tests and demonstration only.
     */
    PAPER(1);

    private final int code;

    AuthenticationOrder(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AuthenticationOrder fromCode(int code) {
        for (AuthenticationOrder o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return null;
    }
}
