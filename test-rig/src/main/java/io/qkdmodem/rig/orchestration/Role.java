package io.qkdmodem.rig.orchestration;

import java.util.Locale;

/** The two sides of a link: Alice sends the pulses (server agent), Bob detects (client agent). */
public enum Role {
    ALICE,
    BOB;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
