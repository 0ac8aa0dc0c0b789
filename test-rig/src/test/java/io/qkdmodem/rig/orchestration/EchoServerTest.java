package io.qkdmodem.rig.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class EchoServerTest {

    @Test
    void echoesAndReleasesItsPortOnClose() throws Exception {
        InetSocketAddress address;
        try (EchoServer echo = EchoServer.start()) {
            address = echo.address();
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                byte[] data = new byte[10_000];
                new java.util.Random(5).nextBytes(data);
                s.getOutputStream().write(data);
                byte[] back = s.getInputStream().readNBytes(data.length);
                assertThat(back).isEqualTo(data);
            }
        }
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }
}
