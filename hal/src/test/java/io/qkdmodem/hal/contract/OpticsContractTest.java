package io.qkdmodem.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.entropy.SeededDrbg;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.Transmitter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every optics backend keeps, run against each by a small subclass that opens a joined
 * transmitter/receiver pair (the simulator, the Pi4J GPIO mock bench, the simulated SPI front-end).
 * The pair must be set up as a short, low-noise link, so that a frame of {@link #frameSlots()}
 * slots gives sifted bits that mostly agree.
 */
public abstract class OpticsContractTest {

    /** A joined pair; {@code extra} (may be null) is closed after both. */
    public record Link(
            Transmitter transmitter,
            Receiver receiver,
            IntensityProfile profile,
            AutoCloseable extra) {}

    /** Opens a fresh joined pair. */
    protected abstract Link openLink() throws Exception;

    /** Slots per frame for this backend (small for slow ones). */
    protected abstract int frameSlots();

    /** Frames to send in the agreement test. */
    protected int frames() {
        return 3;
    }

    /** How long a receiver may wait for a frame. */
    protected Duration timeout() {
        return Duration.ofSeconds(20);
    }

    private Link link;
    private final SeededDrbg aliceEntropy = new SeededDrbg(42, "contract-alice");
    private long nextId = 1;

    @BeforeEach
    void open() throws Exception {
        link = openLink();
    }

    @AfterEach
    void close() throws Exception {
        link.transmitter().close();
        link.receiver().close();
        if (link.extra() != null) {
            link.extra().close();
        }
    }

    private CtrSlotStateSource states(long id, int slots) throws HalException {
        byte[] key = new byte[16];
        aliceEntropy.nextBytes(key);
        return new CtrSlotStateSource(key, id, slots, link.profile());
    }

    @Test
    void reportsAreWellFormedAndSiftedBitsAgree() throws Exception {
        SiftTally tally = new SiftTally();
        for (int f = 0; f < frames(); f++) {
            long id = nextId++;
            int n = frameSlots();
            CtrSlotStateSource s = states(id, n);
            link.transmitter().emit(new Frame(id, n, s));
            ClickReport r = link.receiver().receive(id, n, timeout());
            assertThat(r.frameId()).isEqualTo(id);
            assertThat(r.slotCount()).isEqualTo(n);
            int last = -1;
            for (int i = 0; i < r.size(); i++) {
                assertThat(r.slot(i)).isGreaterThan(last).isLessThan(n);
                last = r.slot(i);
                int mask = r.detectorMask(i);
                assertThat(mask).isBetween(1, 15);
                if (!r.isDoubleClick(i)) {
                    assertThat(mask).isEqualTo(1 << (r.basisCode(i) << 1 | r.bit(i)));
                }
            }
            tally.add(s, r);
            s.destroy();
        }
        long sifted = tally.sifted[0] + tally.sifted[1] + tally.sifted[2];
        assertThat(sifted).as("sifted clicks").isGreaterThan(20);
        assertThat(tally.totalQber()).as("QBER").isLessThan(0.15);
        long all = tally.totalClicks();
        // Bob's basis matches Alice's about half the time
        assertThat(sifted).isBetween((long) (all * 0.25), (long) (all * 0.75));
    }

    @Test
    void frameIdsMustIncrease() throws Exception {
        int n = frameSlots();
        long id = nextId++;
        link.transmitter().emit(new Frame(id, n, states(id, n)));
        link.receiver().receive(id, n, timeout());
        assertThatThrownBy(() -> link.transmitter().emit(new Frame(id, n, states(id, n))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFrameThatWasNeverSentIsAnErrorNotAnEmptyReport() {
        assertThatThrownBy(() -> link.receiver().receive(999, frameSlots(), Duration.ofMillis(300)))
                .isInstanceOf(HalException.class);
    }

    @Test
    void framesLargerThanTheBackendTakesAreRejectedBeforeFiring() throws Exception {
        int max = link.transmitter().info().maxSlotsPerFrame();
        assertThat(max).isGreaterThanOrEqualTo(frameSlots());
        if (max < Integer.MAX_VALUE) {
            long id = nextId++;
            CtrSlotStateSource big =
                    new CtrSlotStateSource(new byte[16], id, max + 1, link.profile());
            assertThatThrownBy(() -> link.transmitter().emit(new Frame(id, max + 1, big)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyOutputDeclaresAndEntersItsSafeState() throws Exception {
        assertThat(link.transmitter().safeState()).contains("laser off");
        assertThat(link.receiver().safeState()).isNotBlank();
        link.transmitter().enterSafeState();
        link.transmitter().enterSafeState();
        link.receiver().enterSafeState();
        link.transmitter().close();
        link.transmitter().close();
        int n = frameSlots();
        long id = nextId++;
        assertThatThrownBy(() -> link.transmitter().emit(new Frame(id, n, states(id, n))))
                .isInstanceOf(HalException.class);
    }

    @Test
    void infoDescribesTheBackend() {
        assertThat(link.transmitter().info().backend()).isNotBlank();
        assertThat(link.transmitter().info().maxSlotRate()).isPositive();
        assertThat(link.receiver().info().detectors()).isIn(2, 4);
    }
}
