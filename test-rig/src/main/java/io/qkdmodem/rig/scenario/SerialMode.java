package io.qkdmodem.rig.scenario;

import java.util.Locale;

/**
 * How each modem is joined to its host agent. {@code PIPE}: an in-memory null-modem pair (needs
 * nothing installed). {@code PTY}: two socat pseudo-terminal pairs opened through jSerialComm like
 * real ports. {@code DEVICE}: real serial devices named in a rig description file.
 */
public enum SerialMode {
    PIPE,
    PTY,
    DEVICE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SerialMode parse(String text) {
        for (SerialMode m : values()) {
            if (m.cliName().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "serial must be pipe, pty or device, got '" + text + "'");
    }
}
