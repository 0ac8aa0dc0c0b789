package io.qkdmodem.agent.qtls;

/**
 * The one error type of the Quantum TLS engine: a fatal alert to be sent (when raised locally) or
 * that was received (when {@link #receivedFromPeer()}). It cannot exist without an alert. Messages
 * never carry key material.
 */
public final class QtlsFatalAlert extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription description;
    private final boolean received;

    public QtlsFatalAlert(AlertDescription description, String message) {
        this(description, message, false, null);
    }

    public QtlsFatalAlert(AlertDescription description, String message, Throwable cause) {
        this(description, message, false, cause);
    }

    private QtlsFatalAlert(
            AlertDescription description, String message, boolean received, Throwable cause) {
        super(description.wireName() + ": " + message, cause);
        this.description = description;
        this.received = received;
    }

    /** An alert the peer sent us. */
    public static QtlsFatalAlert received(AlertDescription description) {
        return new QtlsFatalAlert(description, "received from peer", true, null);
    }

    public AlertDescription description() {
        return description;
    }

    public boolean receivedFromPeer() {
        return received;
    }
}
