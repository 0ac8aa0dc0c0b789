package io.qkdmodem.hal.pi4j;

import io.qkdmodem.hal.contract.OpticsContractTest;

/** The optics contract against the Pi4J GPIO backend on the wired mock bench. */
class GpioContractTest extends OpticsContractTest {
    @Override
    protected Link openLink() throws Exception {
        GpioMockBench bench = new GpioMockBench(false);
        return new Link(bench.alice, bench.bob, GpioMockBench.PROFILE, bench);
    }

    @Override
    protected int frameSlots() {
        return 2000;
    }
}
