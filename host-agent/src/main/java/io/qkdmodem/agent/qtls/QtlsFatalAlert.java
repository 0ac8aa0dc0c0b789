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
    private final double estimatedQber;

    public QtlsFatalAlert(AlertDescription description, String message) {
        this(description, message, false, null);
    }

    /**
     * A local alert that ends the discussion on the QBER estimated from the disclosed sample (a
     * public figure: both sides disclosed the sample), so callers can report it.
     */
    public QtlsFatalAlert(AlertDescription description, String message, double estimatedQber) {
        super(description.wireName() + ": " + message);
        this.description = description;
        this.received = false;
        this.estimatedQber = estimatedQber;
    }

    public QtlsFatalAlert(AlertDescription description, String message, Throwable cause) {
        this(description, message, false, cause);
    }

    private QtlsFatalAlert(
            AlertDescription description, String message, boolean received, Throwable cause) {
        super(description.wireName() + ": " + message, cause);
        this.description = description;
        this.received = received;
        this.estimatedQber = Double.NaN;
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

    /** The QBER estimated in the discussion when it caused this alert, else empty. */
    public java.util.OptionalDouble estimatedQber() {
        return Double.isNaN(estimatedQber)
                ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(estimatedQber);
    }
}
