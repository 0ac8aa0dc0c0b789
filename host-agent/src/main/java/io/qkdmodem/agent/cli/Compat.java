package io.qkdmodem.agent.cli;

import io.qkdmodem.agent.qtls.AuthenticationOrder;
import io.qkdmodem.agent.qtls.QtlsConfig;

/** The {@code --compat} option. */
final class Compat {
    private Compat() {}

    static QtlsConfig apply(QtlsConfig c, String compat) {
        if (compat == null) {
            return c;
        }
        if (!compat.equals("paper")) {
            throw new IllegalArgumentException("--compat accepts only 'paper'");
        }
        return c.toBuilder().authenticationOrder(AuthenticationOrder.PAPER).build();
    }
}
