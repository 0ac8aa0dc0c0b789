package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandshakeTest {

    @ParameterizedTest
    @EnumSource(AuthenticationOrder.class)
    void handshakeCompletesAndCarriesData(AuthenticationOrder order) throws Exception {
        Agents a = new Agents(1, 0.0, NoCorrectionDiscussion.factory(4096)).order(order);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        assertThat(c.isHandshakeComplete()).isTrue();
        assertThat(s.isHandshakeComplete()).isTrue();
        c.writeApplicationData("ping".getBytes(StandardCharsets.US_ASCII));
        s.writeApplicationData("pong".getBytes(StandardCharsets.US_ASCII));
        Pump.run(c, s);
        assertThat(new String(s.readApplicationData(), StandardCharsets.US_ASCII))
                .isEqualTo("ping");
        assertThat(new String(c.readApplicationData(), StandardCharsets.US_ASCII))
                .isEqualTo("pong");
    }
}
