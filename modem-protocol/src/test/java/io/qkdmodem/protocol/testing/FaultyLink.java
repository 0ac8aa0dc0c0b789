package io.qkdmodem.protocol.testing;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SerialLinkException;
import java.util.Random;

/**
 * A {@link SerialLink} decorator that damages what it writes: each byte is dropped with probability
 * {@code pDrop}, or has one random bit flipped with probability {@code pCorrupt}. Seeded, so a
 * failing run can be repeated.
 */
public final class FaultyLink implements SerialLink {

    private final SerialLink inner;
    private final Random random;
    private final double pDrop;
    private final double pCorrupt;
    private final double pDuplicate;
    private volatile boolean enabled = true;
    private long dropped;
    private long corrupted;
    private long duplicated;

    public FaultyLink(SerialLink inner, long seed, double pDrop, double pCorrupt) {
        this(inner, seed, pDrop, pCorrupt, 0);
    }

    public FaultyLink(
            SerialLink inner, long seed, double pDrop, double pCorrupt, double pDuplicate) {
        this.inner = inner;
        this.random = new Random(seed);
        this.pDrop = pDrop;
        this.pCorrupt = pCorrupt;
        this.pDuplicate = pDuplicate;
    }

    public synchronized long duplicated() {
        return duplicated;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized long corrupted() {
        return corrupted;
    }

    @Override
    public String name() {
        return "faulty(" + inner.name() + ")";
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public int read(byte[] buf, int off, int len) throws SerialLinkException {
        return inner.read(buf, off, len);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws SerialLinkException {
        if (!enabled) {
            inner.write(buf, off, len);
            return;
        }
        byte[] out = new byte[2 * len];
        int n = 0;
        synchronized (this) {
            for (int i = off; i < off + len; i++) {
                double x = random.nextDouble();
                if (x < pDrop) {
                    dropped++;
                    continue;
                }
                byte b = buf[i];
                if (x < pDrop + pCorrupt) {
                    b ^= (byte) (1 << random.nextInt(8));
                    corrupted++;
                }
                out[n++] = b;
                if (x >= pDrop + pCorrupt && x < pDrop + pCorrupt + pDuplicate) {
                    out[n++] = b;
                    duplicated++;
                }
            }
        }
        inner.write(out, 0, n);
    }

    @Override
    public void close() {
        inner.close();
    }
}
