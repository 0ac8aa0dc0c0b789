package io.qkdmodem.agent.qtls.testing;

import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import io.qkdmodem.agent.qtls.QtlsProtocol;
import java.util.function.UnaryOperator;

/**
 * Moves bytes between two engines in-process until neither has anything to say; optionally one byte
 * at a time, optionally through a tamperer. Fatal alerts are recorded, not thrown; the loop is
 * bounded, so a protocol that would ping-pong forever fails the test instead of hanging it.
 */
public final class Pump {
    private Pump() {}

    /** Result of a run. */
    public record Outcome(QtlsFatalAlert clientFailure, QtlsFatalAlert serverFailure, int rounds) {}

    public static Outcome run(QtlsProtocol client, QtlsProtocol server) {
        return run(client, server, false, UnaryOperator.identity(), UnaryOperator.identity());
    }

    public static Outcome run(
            QtlsProtocol client,
            QtlsProtocol server,
            boolean byteAtATime,
            UnaryOperator<byte[]> toServer,
            UnaryOperator<byte[]> toClient) {
        QtlsFatalAlert cf = null;
        QtlsFatalAlert sf = null;
        int rounds = 0;
        while (rounds++ < 100_000) {
            byte[] c2s = toServer.apply(client.readOutput());
            byte[] s2c = toClient.apply(server.readOutput());
            if (c2s.length == 0 && s2c.length == 0) {
                break;
            }
            sf = deliver(server, c2s, byteAtATime, sf);
            cf = deliver(client, s2c, byteAtATime, cf);
        }
        if (rounds >= 100_000) {
            throw new AssertionError("engines did not settle");
        }
        return new Outcome(
                cf != null ? cf : client.failure(), sf != null ? sf : server.failure(), rounds);
    }

    private static QtlsFatalAlert deliver(
            QtlsProtocol to, byte[] data, boolean byteAtATime, QtlsFatalAlert prev) {
        if (data.length == 0 || prev != null) {
            return prev;
        }
        try {
            if (byteAtATime) {
                for (int i = 0; i < data.length; i++) {
                    to.offerInput(data, i, 1);
                }
            } else {
                to.offerInput(data);
            }
            return null;
        } catch (QtlsFatalAlert e) {
            return e;
        }
    }
}
