package io.qkdmodem.agent.qtls.record;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import java.util.Arrays;

/**
 * Fresh QKD key for one direction of a session (the surplus of a distillation), drawn strictly in
 * order and only once. Every byte has an absolute offset; a drawn byte is zeroized in the pool and
 * can never be drawn again, so a pad cannot be reused: the writer draws at the cursor, the reader
 * must present exactly the cursor. When the pool runs dry {@code qkd_key_exhausted} is raised.
 */
public final class KeyPool {
    private byte[] material = new byte[0];
    private int start; // index in material of the cursor
    private long cursor; // absolute offset of the next fresh byte

    /** A drawn slice and the absolute offset it started at. */
    public record Draw(long offset, byte[] bytes) {
        @Override
        public String toString() {
            return "Draw[offset=" + offset + ", length=" + bytes.length + "]";
        }
    }

    /** Appends fresh key; takes ownership of and zeroizes the caller's array. */
    public synchronized void append(byte[] fresh) {
        int left = material.length - start;
        byte[] next = new byte[left + fresh.length];
        System.arraycopy(material, start, next, 0, left);
        System.arraycopy(fresh, 0, next, left, fresh.length);
        Arrays.fill(material, (byte) 0);
        Arrays.fill(fresh, (byte) 0);
        material = next;
        start = 0;
    }

    public synchronized long available() {
        return material.length - start;
    }

    public synchronized long cursor() {
        return cursor;
    }

    /** The next {@code n} fresh bytes (writer side). */
    public synchronized Draw draw(int n) throws QtlsFatalAlert {
        long at = cursor;
        return new Draw(at, take(n));
    }

    /** The {@code n} bytes at {@code offset}, which must be the cursor (reader side). */
    public synchronized byte[] drawAt(long offset, int n) throws QtlsFatalAlert {
        if (offset < cursor) {
            throw new QtlsFatalAlert(
                    AlertDescription.PAD_REUSE, "key at offset " + offset + " already used");
        }
        if (offset > cursor) {
            throw new QtlsFatalAlert(
                    AlertDescription.ILLEGAL_PARAMETER,
                    "key offset " + offset + " skips ahead of " + cursor);
        }
        return take(n);
    }

    private byte[] take(int n) throws QtlsFatalAlert {
        if (n < 0 || n > material.length - start) {
            throw new QtlsFatalAlert(
                    AlertDescription.QKD_KEY_EXHAUSTED,
                    "need " + n + " bytes of fresh key, " + (material.length - start) + " left");
        }
        byte[] out = Arrays.copyOfRange(material, start, start + n);
        Arrays.fill(material, start, start + n, (byte) 0);
        start += n;
        cursor += n;
        return out;
    }

    /** Zeroizes everything left. */
    public synchronized void destroy() {
        Arrays.fill(material, (byte) 0);
        material = new byte[0];
        start = 0;
    }

    @Override
    public String toString() {
        return "KeyPool[cursor=" + cursor + ", available=" + available() + "]";
    }
}
