package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.contract.SiftTally;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import java.time.Duration;

/** Runs frames through a simulated link in one process and sifts them. */
final class SimHarness implements AutoCloseable {
    final SimTransmitter alice;
    final SimReceiver bob;
    final SeededDrbg aliceEntropy;
    final SiftTally tally = new SiftTally();
    final SimParameters params;
    long slots;
    long nextFrame;

    SimHarness(SimParameters params) {
        this.params = params;
        InMemoryFiber fiber = new InMemoryFiber(4);
        alice = new SimTransmitter(params, fiber, true);
        bob = new SimReceiver(params, fiber, false, new SeededDrbg(params.seed(), "bob"));
        aliceEntropy = new SeededDrbg(params.seed(), "alice");
    }

    ClickReport frame(int slotCount) throws HalException {
        byte[] key = new byte[16];
        aliceEntropy.nextBytes(key);
        long id = nextFrame++;
        CtrSlotStateSource states = new CtrSlotStateSource(key, id, slotCount, params.profile());
        alice.emit(new Frame(id, slotCount, states));
        ClickReport r = bob.receive(id, slotCount, Duration.ofSeconds(10));
        tally.add(states, r);
        states.destroy();
        slots += slotCount;
        return r;
    }

    /** Runs at least {@code total} slots in frames of at most 2^30. */
    void run(long total) throws HalException {
        while (slots < total) {
            frame((int) Math.min(1 << 30, total - slots));
        }
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
    }
}
