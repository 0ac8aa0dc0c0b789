package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.contract.OpticsContractTest;
import io.qkdmodem.hal.entropy.SeededDrbg;

/** The optics contract against the simulator. */
class SimContractTest extends OpticsContractTest {
    @Override
    protected Link openLink() {
        SimParameters p = SimParameters.builder().lengthKm(10).seed(8).build();
        InMemoryFiber fiber = new InMemoryFiber(16);
        return new Link(
                new SimTransmitter(p, fiber, true),
                new SimReceiver(p, fiber, false, new SeededDrbg(8, "bob")),
                p.profile(),
                null);
    }

    @Override
    protected int frameSlots() {
        return 200_000;
    }
}
