package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.discussion.PostProcessingDiscussion;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.Pump;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Full Quantum TLS handshakes between two agents with the real discussion (sample estimate,
 * Cascade, verification, privacy amplification) over in-memory modems with a seeded bit-error rate.
 */
class QuantumHandshakeTest {
    private static final long SEED = 20261126L;

    @ParameterizedTest
    @EnumSource(AuthenticationOrder.class)
    void twoPercentQberHandshakeDistillsKeyAndCarriesData(AuthenticationOrder order)
            throws Exception {
        Agents a = new Agents(SEED, 0.02, PostProcessingDiscussion.factory()).order(order);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).as("client failure (seed %d)", SEED).isNull();
        assertThat(o.serverFailure()).as("server failure (seed %d)", SEED).isNull();
        QtlsSessionInfo ci = c.sessionInfo();
        QtlsSessionInfo si = s.sessionInfo();
        assertThat(ci.qber()).isBetween(0.005, 0.04);
        assertThat(ci.finalKeyBytes()).isEqualTo(si.finalKeyBytes()).isGreaterThan(64);
        assertThat(ci.sessionId()).isEqualTo(si.sessionId());
        assertThat(c.keyPoolAvailable()).isEqualTo(s.keyPoolAvailable());
        assertThat(a.keys.isConsumed(new KeyReference("mem-1".getBytes()))).isTrue();

        c.writeApplicationData("over quantum key".getBytes(StandardCharsets.US_ASCII));
        Pump.run(c, s);
        assertThat(new String(s.readApplicationData(), StandardCharsets.US_ASCII))
                .isEqualTo("over quantum key");
    }

    @Test
    void qberAboveThresholdAbortsWithEavesdroppingDetected() throws Exception {
        // An intercept-resend attack on every photon gives 25 % errors on the sifted key.
        Agents a = new Agents(SEED, 0.25, PostProcessingDiscussion.factory());
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure().description())
                .isEqualTo(AlertDescription.EAVESDROPPING_DETECTED);
        assertThat(o.clientFailure().receivedFromPeer()).isFalse();
        assertThat(o.serverFailure().description())
                .isEqualTo(AlertDescription.EAVESDROPPING_DETECTED);
        assertThat(o.serverFailure().receivedFromPeer()).isTrue();
        assertThat(c.isHandshakeComplete()).isFalse();
        assertThat(a.keys.isConsumed(new KeyReference("mem-1".getBytes()))).isTrue();
    }

    @Test
    void justBelowTheThresholdStillSucceedsOrFailsForLackOfKeyNeverSilently() throws Exception {
        Agents a = new Agents(SEED, 0.09, PostProcessingDiscussion.factory());
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        if (o.clientFailure() != null) {
            assertThat(o.clientFailure().description())
                    .isIn(
                            AlertDescription.KEY_DISTILLATION_FAILED,
                            AlertDescription.EAVESDROPPING_DETECTED);
        } else {
            assertThat(c.isHandshakeComplete()).isTrue();
            assertThat(s.isHandshakeComplete()).isTrue();
        }
    }
}
