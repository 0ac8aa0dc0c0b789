package io.qkdmodem.hal.serial;

import io.qkdmodem.hal.serial.SerialLinkException.Kind;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two {@link SerialLink}s joined back to back in memory, like a null-modem cable: what one end
 * writes the other reads. Each direction buffers up to a fixed capacity; a writer blocks while the
 * buffer is full (as a UART does when the far side does not read). {@link #unplug()} makes both
 * ends fail as a real link fails when a cable is pulled.
 */
public final class InMemorySerialPair {

    private final Pipe aToB;
    private final Pipe bToA;
    private final End a;
    private final End b;

    /** A pair with 64 KiB per direction and a 100 ms read timeout. */
    public InMemorySerialPair() {
        this(64 * 1024, Duration.ofMillis(100));
    }

    public InMemorySerialPair(int capacityPerDirection, Duration readTimeout) {
        if (capacityPerDirection < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        Objects.requireNonNull(readTimeout);
        aToB = new Pipe(capacityPerDirection);
        bToA = new Pipe(capacityPerDirection);
        a = new End("mem-a", bToA, aToB, readTimeout);
        b = new End("mem-b", aToB, bToA, readTimeout);
    }

    /** One end (by convention the host's). */
    public SerialLink a() {
        return a;
    }

    /** The other end (by convention the modem's). */
    public SerialLink b() {
        return b;
    }

    /** Pulls the cable: every pending and future operation on both ends fails as DISCONNECTED. */
    public void unplug() {
        aToB.breakPipe();
        bToA.breakPipe();
    }

    private static final class Pipe {
        private final byte[] ring;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notEmpty = lock.newCondition();
        private final Condition notFull = lock.newCondition();
        private int head;
        private int count;
        private boolean broken;
        private boolean readerClosed;
        private boolean writerClosed;

        Pipe(int capacity) {
            ring = new byte[capacity];
        }

        void breakPipe() {
            lock.lock();
            try {
                broken = true;
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void closeReader() {
            lock.lock();
            try {
                readerClosed = true;
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void closeWriter() {
            lock.lock();
            try {
                writerClosed = true;
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }

        int read(byte[] buf, int off, int len, Duration timeout, String name)
                throws SerialLinkException {
            lock.lock();
            try {
                long nanos = timeout.toNanos();
                while (count == 0) {
                    check(name, true);
                    if (writerClosed) {
                        return 0;
                    }
                    if (nanos <= 0) {
                        return 0;
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
                check(name, true);
                int n = Math.min(len, count);
                for (int i = 0; i < n; i++) {
                    buf[off + i] = ring[(head + i) % ring.length];
                }
                head = (head + n) % ring.length;
                count -= n;
                notFull.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SerialLinkException(Kind.CLOSED, name + ": interrupted");
            } finally {
                lock.unlock();
            }
        }

        void write(byte[] buf, int off, int len, String name) throws SerialLinkException {
            lock.lock();
            try {
                int done = 0;
                while (done < len) {
                    check(name, false);
                    if (readerClosed) {
                        return; // the far end is gone: bytes fall on the floor, as on a wire
                    }
                    if (count == ring.length) {
                        if (!notFull.await(2, TimeUnit.SECONDS)) {
                            throw new SerialLinkException(
                                    Kind.WRITE_TIMEOUT, name + ": far end not reading");
                        }
                        continue;
                    }
                    int n = Math.min(len - done, ring.length - count);
                    for (int i = 0; i < n; i++) {
                        ring[(head + count + i) % ring.length] = buf[off + done + i];
                    }
                    count += n;
                    done += n;
                    notEmpty.signalAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SerialLinkException(Kind.CLOSED, name + ": interrupted");
            } finally {
                lock.unlock();
            }
        }

        private void check(String name, boolean reading) throws SerialLinkException {
            if (broken) {
                throw new SerialLinkException(Kind.DISCONNECTED, name + ": cable unplugged");
            }
            if (reading ? readerClosed : writerClosed) {
                throw new SerialLinkException(Kind.CLOSED, name + " is closed");
            }
        }
    }

    private static final class End implements SerialLink {
        private final String name;
        private final Pipe in;
        private final Pipe out;
        private final Duration readTimeout;
        private volatile boolean closed;

        End(String name, Pipe in, Pipe out, Duration readTimeout) {
            this.name = name;
            this.in = in;
            this.out = out;
            this.readTimeout = readTimeout;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws SerialLinkException {
            Objects.checkFromIndexSize(off, len, buf.length);
            return in.read(buf, off, len, readTimeout, name);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws SerialLinkException {
            Objects.checkFromIndexSize(off, len, buf.length);
            out.write(buf, off, len, name);
        }

        @Override
        public void close() {
            closed = true;
            in.closeReader();
            out.closeWriter();
        }

        @Override
        public String toString() {
            return "InMemorySerialPair.End{" + name + "}";
        }
    }
}
