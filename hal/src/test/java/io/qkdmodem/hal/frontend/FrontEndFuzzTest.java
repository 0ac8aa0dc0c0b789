package io.qkdmodem.hal.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.hal.frontend.sim.SimulatedFrontEnd;
import io.qkdmodem.hal.sim.InMemoryFiber;
import io.qkdmodem.hal.sim.SimParameters;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage requests get an error status from the device and change nothing. */
class FrontEndFuzzTest {
    @Test
    void randomRequestsNeverFireOrCrash() throws Exception {
        SimParameters p = SimParameters.builder().seed(1).build();
        SimulatedFrontEnd dev =
                new SimulatedFrontEnd(
                        p, new InMemoryFiber(4), true, true, 1000, Duration.ofMillis(10));
        long seed = 99;
        Random r = new Random(seed);
        int answered = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] req = new byte[1 + r.nextInt(64)];
            r.nextBytes(req);
            req[0] = FrontEndProtocol.REQUEST_SYNC;
            dev.transfer(req, new byte[req.length]);
            byte[] header = new byte[4];
            dev.transfer(new byte[4], header);
            if (header[0] == FrontEndProtocol.RESPONSE_SYNC) {
                answered++;
                assertThat(header[1] & 0xff)
                        .as("seed %d", seed)
                        .isNotEqualTo(FrontEndProtocol.STATUS_OK);
                int len = (header[2] & 0xff) << 8 | header[3] & 0xff;
                dev.transfer(new byte[len + 2], new byte[len + 2]);
            }
        }
        assertThat(answered).isEqualTo(3000);
        assertThat(dev.framesFired()).isZero();
        assertThat(dev.laserOn()).isFalse();
        dev.close();
    }
}
