package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.BasisChoice;
import io.qkdmodem.hal.optics.ClickReport;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.DoubleClicks;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.ReceiverInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * Bob on a timing front-end: ARM tells it the frame to report and Bob's per-frame basis key (the
 * basis of slot s is bit 1 of byte 0 of slot s under {@link CtrSlotStateSource}'s layout); after
 * frame-ready it reads the click records (slot, fired channels) with READ_CLICKS in pages and
 * resolves double clicks to a random bit (and basis, if both bases fired) drawn afresh from Bob's
 * entropy ({@link DoubleClicks}).
 */
public final class FrontEndReceiver implements Receiver {

    private final FrontEndClient client;
    private final FrontEndLines lines;
    private final EntropySource entropy;
    private final FrontEndClient.Hello hello;
    private boolean closed;
    private final AutoCloseable[] owned;

    /**
     * @param owned resources closed with this one (the Pi4J SPI device and lines)
     */
    public FrontEndReceiver(
            SpiLink spi, FrontEndLines lines, EntropySource entropy, AutoCloseable... owned)
            throws HalException {
        this.owned = owned.clone();
        this.client = new FrontEndClient(spi);
        this.lines = lines;
        this.entropy = entropy;
        lines.pulseReset();
        hello = client.hello();
        if (hello.version() != FrontEndProtocol.VERSION || !hello.receiver()) {
            throw new HalException(
                    "front-end speaks version "
                            + hello.version()
                            + (hello.receiver() ? "" : " and cannot receive")
                            + "; this board needs version "
                            + FrontEndProtocol.VERSION);
        }
    }

    @Override
    public ReceiverInfo info() {
        return new ReceiverInfo(
                "pi4j-spi-frontend",
                hello.passive() ? BasisChoice.PASSIVE : BasisChoice.ACTIVE,
                hello.detectors(),
                hello.maxSlotRate(),
                hello.maxSlotsPerFrame(),
                false);
    }

    @Override
    public synchronized ClickReport receive(long frameId, int slotCount, Duration timeout)
            throws HalException {
        if (closed) {
            throw new HalException("receiver is closed");
        }
        if (slotCount > hello.maxSlotsPerFrame()) {
            throw new IllegalArgumentException("frame exceeds the front-end's maximum");
        }
        byte[] key = new byte[CtrSlotStateSource.KEY_BYTES];
        entropy.nextBytes(key);
        ByteBuffer arm = ByteBuffer.allocate(FrontEndProtocol.ARM_LEN);
        arm.putLong(frameId).putInt(slotCount).put(key);
        Arrays.fill(key, (byte) 0);
        try {
            client.call(FrontEndProtocol.CMD_ARM, arm.array());
        } finally {
            Arrays.fill(arm.array(), (byte) 0);
        }
        if (!lines.awaitFrameReady(timeout)) {
            throw new HalException("frame " + frameId + " did not arrive within " + timeout);
        }
        int[] slots = new int[64];
        int[] masks = new int[64];
        int n = 0;
        int start = 0;
        while (true) {
            ByteBuffer q = ByteBuffer.allocate(FrontEndProtocol.READ_CLICKS_LEN);
            q.putLong(frameId).putInt(start).putShort((short) FrontEndProtocol.MAX_CLICKS_PER_READ);
            ByteBuffer r =
                    ByteBuffer.wrap(client.call(FrontEndProtocol.CMD_READ_CLICKS, q.array()));
            int total = r.getInt();
            int count = r.getShort() & 0xffff;
            if (r.remaining() != count * FrontEndProtocol.CLICK_RECORD) {
                throw new FrontEndException(
                        FrontEndProtocol.STATUS_CORRUPT, "bad READ_CLICKS answer");
            }
            for (int i = 0; i < count; i++) {
                int slot = r.getInt();
                int ch = r.get() & 0x0f;
                if (slot < 0 || slot >= slotCount || ch == 0) {
                    throw new FrontEndException(
                            FrontEndProtocol.STATUS_CORRUPT, "bad click record");
                }
                if (n > 0 && slot <= slots[n - 1]) {
                    throw new FrontEndException(
                            FrontEndProtocol.STATUS_CORRUPT, "click records out of order");
                }
                if (n == slots.length) {
                    slots = Arrays.copyOf(slots, n * 2);
                    masks = Arrays.copyOf(masks, n * 2);
                }
                slots[n] = slot;
                masks[n++] = ch;
            }
            start += count;
            if (start >= total || count == 0) {
                break;
            }
        }
        int[] resolved = new int[n];
        DoubleClicks.resolve(masks, n, entropy, resolved);
        ClickReport.Builder out = ClickReport.builder(frameId, slotCount);
        for (int i = 0; i < n; i++) {
            out.add(slots[i], resolved[i] >>> 1, resolved[i] & 1, masks[i]);
        }
        return out.build();
    }

    @Override
    public String safeState() {
        return "detector gates off (front-end SAFE and reset)";
    }

    @Override
    public void enterSafeState() {
        FrontEndShutdown.enterSafeState(client, lines);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            enterSafeState();
            FrontEndShutdown.release(owned);
        }
    }
}
