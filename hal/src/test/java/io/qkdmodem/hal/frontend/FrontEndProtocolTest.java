package io.qkdmodem.hal.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.contract.SiftTally;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.frontend.sim.SimulatedFrontEnd;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.optics.PatternSlotStateSource;
import io.qkdmodem.hal.sim.InMemoryFiber;
import io.qkdmodem.hal.sim.SimParameters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrontEndProtocolTest {
    private static final SimParameters P = SimParameters.builder().lengthKm(5).seed(2).build();

    @Test
    void crcIsCcittFalse() {
        // CRC-16/CCITT-FALSE check value (catalogue of parametrised CRC algorithms): 0x29B1
        byte[] s = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(FrontEndProtocol.crc16(s, 0, s.length)).isEqualTo(0x29B1);
    }

    @Test
    void requestLayoutIsAsDocumented() {
        byte[] r =
                FrontEndProtocol.request(
                        FrontEndProtocol.CMD_FIRE, new byte[] {0, 0, 0, 0, 0, 0, 0, 7});
        assertThat(r).hasSize(14);
        assertThat(r[0]).isEqualTo((byte) 0xA5);
        assertThat(r[1]).isEqualTo((byte) 0x20);
        assertThat(r[2]).isZero();
        assertThat(r[3]).isEqualTo((byte) 8);
        assertThat((r[12] & 0xff) << 8 | r[13] & 0xff).isEqualTo(FrontEndProtocol.crc16(r, 1, 11));
    }

    @Test
    void corruptedTransfersAreRetriedAndTheFrameStillCrosses() throws Exception {
        InMemoryFiber fiber = new InMemoryFiber(4);
        SimulatedFrontEnd a =
                new SimulatedFrontEnd(P, fiber, true, false, 1 << 20, Duration.ofSeconds(5));
        SimulatedFrontEnd b =
                new SimulatedFrontEnd(P, fiber, false, true, 1 << 20, Duration.ofSeconds(5));
        // flips one MOSI bit in every 5th transfer, both directions of the link
        FlakySpi flakyA = new FlakySpi(a, 5);
        FlakySpi flakyB = new FlakySpi(b, 5);
        FrontEndTransmitter tx = new FrontEndTransmitter(flakyA, a);
        FrontEndReceiver rx = new FrontEndReceiver(flakyB, b, new SeededDrbg(1, "b"));
        byte[] key = new byte[16];
        new SeededDrbg(1, "a").nextBytes(key);
        CtrSlotStateSource s = new CtrSlotStateSource(key, 1, 1 << 20, P.profile());
        tx.emit(new Frame(1, 1 << 20, s));
        ClickReport r = rx.receive(1, 1 << 20, Duration.ofSeconds(10));
        SiftTally t = new SiftTally();
        t.add(s, r);
        // thousands of clicks: paged READ_CLICKS answers (at most 816 records each)
        assertThat(r.size()).isGreaterThan(FrontEndProtocol.MAX_CLICKS_PER_READ * 3);
        assertThat(t.totalQber()).isLessThan(0.06);
        assertThat(flakyA.corrupted + flakyB.corrupted).isPositive();
        assertThat(a.framesFired()).isEqualTo(1);
        tx.close();
        rx.close();
        assertThat(a.laserOn()).isFalse();
    }

    @Test
    void refusalsAreTypedAndChangeNothing() throws Exception {
        InMemoryFiber fiber = new InMemoryFiber(4);
        SimulatedFrontEnd a =
                new SimulatedFrontEnd(P, fiber, true, false, 1000, Duration.ofSeconds(1));
        FrontEndClient c = new FrontEndClient(a);
        assertThatThrownBy(() -> c.call(FrontEndProtocol.CMD_FIRE, new byte[8]))
                .isInstanceOf(FrontEndException.class)
                .satisfies(
                        e ->
                                assertThat(((FrontEndException) e).status())
                                        .isEqualTo(FrontEndProtocol.STATUS_NOT_LOADED));
        assertThatThrownBy(() -> c.call(0x55, new byte[0])).hasMessageContaining("UNKNOWN_COMMAND");
        assertThatThrownBy(() -> c.call(FrontEndProtocol.CMD_ARM, new byte[28]))
                .hasMessageContaining("UNKNOWN_COMMAND"); // a transmit-only front-end
        assertThatThrownBy(() -> c.call(FrontEndProtocol.CMD_FIRE, new byte[3]))
                .hasMessageContaining("BAD_LENGTH");
        assertThat(a.framesFired()).isZero();
        FrontEndTransmitter tx = new FrontEndTransmitter(a, a);
        assertThat(tx.info().maxSlotsPerFrame()).isEqualTo(1000);
        PatternSlotStateSource pattern = PatternSlotStateSource.ofPacked(new byte[10], P.profile());
        assertThatThrownBy(() -> tx.emit(new Frame(1, 10, pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CtrSlotStateSource");
    }

    @Test
    void aDeadFrontEndIsAnErrorNotAHang() {
        SpiLink silent = (tx, rx) -> java.util.Arrays.fill(rx, (byte) 0);
        FrontEndLines lines =
                new FrontEndLines() {
                    @Override
                    public void pulseReset() {}

                    @Override
                    public boolean awaitFrameReady(Duration timeout) {
                        return false;
                    }
                };
        assertThatThrownBy(() -> new FrontEndTransmitter(silent, lines))
                .isInstanceOf(FrontEndException.class)
                .hasMessageContaining("CORRUPT_ANSWER");
    }

    /** Flips a bit of every n-th transfer's outgoing or incoming bytes. */
    static final class FlakySpi implements SpiLink {
        private final SpiLink inner;
        private final int every;
        private int count;
        int corrupted;

        FlakySpi(SpiLink inner, int every) {
            this.inner = inner;
            this.every = every;
        }

        @Override
        public void transfer(byte[] tx, byte[] rx) throws HalException {
            count++;
            boolean hit = count % every == 0;
            byte[] out = tx.clone();
            if (hit && out.length > 4 && out[0] == FrontEndProtocol.REQUEST_SYNC) {
                out[out.length - 3] ^= 0x10;
                corrupted++;
                inner.transfer(out, rx);
                return;
            }
            inner.transfer(out, rx);
            if (hit && rx.length > 2 && tx[0] != FrontEndProtocol.REQUEST_SYNC) {
                rx[rx.length - 1] ^= 0x01;
                corrupted++;
            }
        }
    }
}
