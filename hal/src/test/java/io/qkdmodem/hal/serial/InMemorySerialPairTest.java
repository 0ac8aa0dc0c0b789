package io.qkdmodem.hal.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemorySerialPairTest {

    @Test
    void bytesFlowBothWays() throws Exception {
        InMemorySerialPair pair = new InMemorySerialPair(16, Duration.ofMillis(50));
        pair.a().write(new byte[] {1, 2, 3});
        pair.b().write(new byte[] {9});
        byte[] buf = new byte[8];
        assertThat(pair.b().read(buf, 0, 8)).isEqualTo(3);
        assertThat(buf).startsWith(1, 2, 3);
        assertThat(pair.a().read(buf, 0, 8)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 9);
    }

    @Test
    void readReturnsZeroOnTimeout() throws Exception {
        InMemorySerialPair pair = new InMemorySerialPair(16, Duration.ofMillis(1));
        assertThat(pair.a().read(new byte[4], 0, 4)).isZero();
    }

    @Test
    void writerLargerThanCapacityCompletesWhileReaderDrains() throws Exception {
        InMemorySerialPair pair = new InMemorySerialPair(8, Duration.ofMillis(50));
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                pair.a().write(data);
                            } catch (SerialLinkException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        writer.start();
        byte[] got = new byte[1000];
        int n = 0;
        while (n < got.length) {
            n += pair.b().read(got, n, got.length - n);
        }
        writer.join();
        assertThat(got).isEqualTo(data);
    }

    @Test
    void unplugFailsBothEndsAsDisconnected() {
        InMemorySerialPair pair = new InMemorySerialPair();
        pair.unplug();
        assertThatThrownBy(() -> pair.a().read(new byte[1], 0, 1))
                .isInstanceOfSatisfying(
                        SerialLinkException.class,
                        e -> assertThat(e.kind()).isEqualTo(SerialLinkException.Kind.DISCONNECTED));
        assertThatThrownBy(() -> pair.b().write(new byte[1]))
                .isInstanceOf(SerialLinkException.class);
    }

    @Test
    void closedEndFailsAsClosed() {
        InMemorySerialPair pair = new InMemorySerialPair();
        pair.a().close();
        assertThat(pair.a().isOpen()).isFalse();
        assertThatThrownBy(() -> pair.a().read(new byte[1], 0, 1))
                .isInstanceOfSatisfying(
                        SerialLinkException.class,
                        e -> assertThat(e.kind()).isEqualTo(SerialLinkException.Kind.CLOSED));
    }
}
