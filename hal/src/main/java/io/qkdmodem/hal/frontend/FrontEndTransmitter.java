package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.optics.CtrSlotStateSource;
import io.qkdmodem.hal.optics.Frame;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.optics.TransmitterInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Alice on a timing front-end: per frame, LOAD_SEED hands it the frame's AES-CTR key and the
 * intensity thresholds (the front-end expands the slot states itself with the rule of {@link
 * CtrSlotStateSource}), then FIRE fires it. Frames must therefore come with a {@link
 * CtrSlotStateSource}. Safe state: SAFE command and reset (laser off).
 */
public final class FrontEndTransmitter implements Transmitter {

    private final FrontEndClient client;
    private final FrontEndLines lines;
    private final FrontEndClient.Hello hello;
    private long lastFrameId = -1;
    private boolean closed;
    private final AutoCloseable[] owned;

    /**
     * @param owned resources closed with this one (the Pi4J SPI device and lines)
     */
    public FrontEndTransmitter(SpiLink spi, FrontEndLines lines, AutoCloseable... owned)
            throws HalException {
        this.owned = owned.clone();
        this.client = new FrontEndClient(spi);
        this.lines = lines;
        lines.pulseReset();
        hello = client.hello();
        if (hello.version() != FrontEndProtocol.VERSION || !hello.transmitter()) {
            throw new HalException(
                    "front-end speaks version "
                            + hello.version()
                            + (hello.transmitter() ? "" : " and cannot transmit")
                            + "; this board needs version "
                            + FrontEndProtocol.VERSION);
        }
    }

    @Override
    public TransmitterInfo info() {
        return new TransmitterInfo(
                "pi4j-spi-frontend", hello.maxSlotRate(), hello.maxSlotsPerFrame(), false);
    }

    @Override
    public synchronized void emit(Frame frame) throws HalException {
        if (closed) {
            throw new HalException("transmitter is closed");
        }
        if (frame.slotCount() > hello.maxSlotsPerFrame()) {
            throw new IllegalArgumentException(
                    "frame of "
                            + frame.slotCount()
                            + " slots exceeds the front-end's "
                            + hello.maxSlotsPerFrame());
        }
        if (!(frame.states() instanceof CtrSlotStateSource ctr) || ctr.frameId() != frame.id()) {
            throw new IllegalArgumentException(
                    "the SPI front-end expands slot states from an AES-CTR key: give the frame a"
                            + " CtrSlotStateSource made for this frame id");
        }
        if (ctr.pRectilinear() != CtrSlotStateSource.UNBIASED) {
            throw new IllegalArgumentException(
                    "the SPI front-end expands only the unbiased layout (basis.p-rectilinear 0.5)");
        }
        if (frame.id() <= lastFrameId) {
            throw new IllegalArgumentException(
                    "frame ids must increase: " + frame.id() + " after " + lastFrameId);
        }
        lastFrameId = frame.id();
        byte[] key = ctr.exportKey();
        ByteBuffer p = ByteBuffer.allocate(FrontEndProtocol.LOAD_SEED_LEN);
        p.putLong(frame.id()).putInt(frame.slotCount()).put(key);
        p.putInt(ctr.profile().signalThreshold()).putInt(ctr.profile().decoyThreshold());
        Arrays.fill(key, (byte) 0);
        try {
            client.call(FrontEndProtocol.CMD_LOAD_SEED, p.array());
            client.call(
                    FrontEndProtocol.CMD_FIRE, ByteBuffer.allocate(8).putLong(frame.id()).array());
        } catch (HalException e) {
            enterSafeState();
            throw e;
        } finally {
            Arrays.fill(p.array(), (byte) 0);
        }
    }

    @Override
    public String safeState() {
        return "laser off (front-end SAFE and reset)";
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
