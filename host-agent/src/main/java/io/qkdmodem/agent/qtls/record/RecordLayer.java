package io.qkdmodem.agent.qtls.record;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.ContentType;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The TLS 1.2-shaped record layer (RFC 5246 section 6.2), sans-IO: {@code type(1) version(2)
 * length(2) fragment}. Inbound bytes are buffered until a whole record is present; a header with an
 * unknown type, a wrong version or an oversized length is answered with an alert before any
 * fragment byte is awaited, so a malformed stream never hangs the engine. Each direction has its
 * own {@link RecordProtection} and 64-bit sequence number, reset when the protection changes.
 * Records of the {@code qkd_key_refresh} type carry public messages only and bypass the protection
 * (their fragment is their plaintext; sequence numbers do not advance).
 */
public final class RecordLayer {
    public static final int VERSION = 0x0303;
    public static final int HEADER_LENGTH = 5;
    public static final int MAX_PLAINTEXT = 1 << 14;
    public static final int MAX_FRAGMENT = MAX_PLAINTEXT + 2048;

    /** One received record, opened. */
    public record Record(int type, byte[] plaintext) {
        @Override
        public String toString() {
            return "Record[type=" + type + ", length=" + plaintext.length + "]";
        }
    }

    private byte[] in = new byte[0];
    private int inStart;
    private int inEnd;
    private RecordProtection read = RecordProtection.NULL;
    private RecordProtection write = RecordProtection.NULL;
    private long readSeq;
    private long writeSeq;

    public void offer(byte[] data, int offset, int length) {
        if (inEnd + length > in.length) {
            int live = inEnd - inStart;
            byte[] next = new byte[Math.max(live + length, Math.min(2 * in.length, 1 << 20))];
            System.arraycopy(in, inStart, next, 0, live);
            Arrays.fill(in, (byte) 0);
            in = next;
            inStart = 0;
            inEnd = live;
        }
        System.arraycopy(data, offset, in, inEnd, length);
        inEnd += length;
    }

    /** Bytes received but not yet part of a whole record. */
    public int buffered() {
        return inEnd - inStart;
    }

    /** The next whole record, opened, or null when more bytes are needed. */
    public Record next() throws QtlsFatalAlert {
        int avail = inEnd - inStart;
        if (avail < 1) {
            return null;
        }
        int type = in[inStart] & 0xFF;
        if (!ContentType.known(type)) {
            throw new QtlsFatalAlert(
                    AlertDescription.UNEXPECTED_MESSAGE, "unknown record type " + type);
        }
        if (avail >= 3) {
            int version = ((in[inStart + 1] & 0xFF) << 8) | (in[inStart + 2] & 0xFF);
            if (version != VERSION) {
                throw new QtlsFatalAlert(
                        AlertDescription.PROTOCOL_VERSION,
                        "record version " + Integer.toHexString(version));
            }
        }
        if (avail < HEADER_LENGTH) {
            return null;
        }
        int length = ((in[inStart + 3] & 0xFF) << 8) | (in[inStart + 4] & 0xFF);
        if (length > MAX_FRAGMENT) {
            throw new QtlsFatalAlert(
                    AlertDescription.RECORD_OVERFLOW, "record length " + length + " too large");
        }
        if (avail < HEADER_LENGTH + length) {
            return null;
        }
        byte[] fragment =
                Arrays.copyOfRange(in, inStart + HEADER_LENGTH, inStart + HEADER_LENGTH + length);
        inStart += HEADER_LENGTH + length;
        if (inStart == inEnd) {
            inStart = 0;
            inEnd = 0;
        }
        byte[] plaintext;
        if (type == ContentType.QKD_KEY_REFRESH) {
            plaintext = fragment; // public, authenticated by the refresh's own tags
        } else {
            plaintext = read.open(readSeq, type, fragment);
            readSeq++;
        }
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new QtlsFatalAlert(AlertDescription.RECORD_OVERFLOW, "plaintext too large");
        }
        return new Record(type, plaintext);
    }

    /** Whole records carrying {@code data}, split into fragments of at most MAX_PLAINTEXT. */
    public byte[] seal(int type, byte[] data) throws QtlsFatalAlert {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
        int off = 0;
        do {
            int n = Math.min(MAX_PLAINTEXT, data.length - off);
            byte[] chunk = Arrays.copyOfRange(data, off, off + n);
            byte[] fragment;
            if (type == ContentType.QKD_KEY_REFRESH) {
                fragment = chunk; // public, authenticated by the refresh's own tags
            } else {
                fragment = write.seal(writeSeq, type, chunk);
                Arrays.fill(chunk, (byte) 0);
                writeSeq++;
            }
            out.write(type);
            out.write(VERSION >>> 8);
            out.write(VERSION & 0xFF);
            out.write(fragment.length >>> 8);
            out.write(fragment.length & 0xFF);
            out.write(fragment, 0, fragment.length);
            off += n;
        } while (off < data.length);
        return out.toByteArray();
    }

    public void setReadProtection(RecordProtection protection) {
        read.destroy();
        read = protection;
        readSeq = 0;
    }

    public void setWriteProtection(RecordProtection protection) {
        write.destroy();
        write = protection;
        writeSeq = 0;
    }

    public boolean readProtected() {
        return read != RecordProtection.NULL;
    }

    public boolean writeProtected() {
        return write != RecordProtection.NULL;
    }

    /** Destroys both protections and clears the inbound buffer. */
    public void destroy() {
        read.destroy();
        write.destroy();
        read = RecordProtection.NULL;
        write = RecordProtection.NULL;
        Arrays.fill(in, (byte) 0);
    }
}
