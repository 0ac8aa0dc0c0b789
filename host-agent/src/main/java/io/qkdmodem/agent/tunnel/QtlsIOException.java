package io.qkdmodem.agent.tunnel;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import java.io.IOException;

/** An I/O failure of a Quantum TLS connection; {@link #alert()} is the alert, if one caused it. */
public final class QtlsIOException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient QtlsFatalAlert alert;

    public QtlsIOException(String message, QtlsFatalAlert alert) {
        super(message, alert);
        this.alert = alert;
    }

    public QtlsFatalAlert alert() {
        return alert;
    }

    /** The alert's description, or null. */
    public AlertDescription description() {
        return alert == null ? null : alert.description();
    }
}
