package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.contract.OpticsContractTest;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.frontend.sim.SimulatedFrontEnd;
import io.qkdmodem.hal.sim.InMemoryFiber;
import io.qkdmodem.hal.sim.SimParameters;
import java.time.Duration;

/**
 * The optics contract against the board side of the SPI front-end, talking to simulated devices.
 */
class SpiFrontEndContractTest extends OpticsContractTest {
    static final int MAX_SLOTS = 1 << 22;

    @Override
    protected Link openLink() throws Exception {
        SimParameters p = SimParameters.builder().lengthKm(10).seed(6).build();
        InMemoryFiber fiber = new InMemoryFiber(16);
        SimulatedFrontEnd aliceDevice =
                new SimulatedFrontEnd(p, fiber, true, false, MAX_SLOTS, Duration.ofSeconds(5));
        SimulatedFrontEnd bobDevice =
                new SimulatedFrontEnd(p, fiber, false, true, MAX_SLOTS, Duration.ofSeconds(5));
        return new Link(
                new FrontEndTransmitter(aliceDevice, aliceDevice),
                new FrontEndReceiver(bobDevice, bobDevice, new SeededDrbg(6, "spi-bob")),
                p.profile(),
                () -> {
                    aliceDevice.close();
                    bobDevice.close();
                });
    }

    @Override
    protected int frameSlots() {
        return 200_000;
    }
}
