package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.keystore.log.Index.Rec;
import java.util.Arrays;
import java.util.List;

/** Encodes records and finds committed ones in a block image (docs/keystore.md, 2.3). */
final class RecordFormat {
    private final FlashGeometry geo;
    private final RecordCrypto crypto;
    private final int segmentBits;
    private final int segBytes;
    private final int sealedSegLen;

    RecordFormat(FlashGeometry geo, RecordCrypto crypto, int segmentBits) {
        this.geo = geo;
        this.crypto = crypto;
        this.segmentBits = segmentBits;
        this.segBytes = segmentBits / 8;
        this.sealedSegLen = segBytes + Layout.TAG_LEN;
    }

    int sealedSegmentLength() {
        return sealedSegLen;
    }

    /** Length of a record with {@code meta} and {@code segments} sealed segments. */
    int length(Meta meta, int segments) {
        return Layout.recordLength(
                meta.encode().length + Layout.TAG_LEN, segments, segments == 0 ? 0 : sealedSegLen);
    }

    /** The whole record, commit byte included (the writer programs it last). */
    byte[] encode(long seq, Meta meta, byte[][] segPlain, int[] abs, long blockId) {
        byte[] mp = meta.encode();
        int n = segPlain == null ? 0 : segPlain.length;
        int s = n == 0 ? 0 : sealedSegLen;
        int m = mp.length + Layout.TAG_LEN;
        byte[] buf = new byte[Layout.recordLength(m, n, s)];
        Arrays.fill(buf, (byte) 0xFF);
        buf[0] = Layout.RECORD_MAGIC;
        buf[1] = Layout.FORMAT_VERSION;
        Bytes.put16(buf, 2, n);
        Bytes.put32(buf, 4, m);
        Bytes.put64(buf, 8, seq);
        Bytes.put32(buf, 16, s);
        crypto.seal(
                seq,
                Layout.META_INDEX,
                Arrays.copyOf(buf, Layout.RECORD_HEADER_LEN),
                mp,
                0,
                mp.length,
                buf,
                20);
        Bytes.put32(buf, 20 + m, Bytes.crc(buf, 0, 20 + m));
        int base = Layout.segmentBase(m);
        for (int i = 0; i < n; i++) {
            crypto.seal(
                    seq, i, segAad(blockId, abs[i]), segPlain[i], 0, segBytes, buf, base + i * s);
        }
        buf[24 + m] = Layout.COMMIT;
        return buf;
    }

    /**
     * Collects the committed records of a log block image into {@code out}, resynchronizing at
     * 8-byte boundaries after anything that is not one; returns the end of the last record.
     */
    int scanRecords(byte[] buf, int block, List<Rec> out) {
        int last = buf.length - 1;
        while (last >= 0 && buf[last] == (byte) 0xFF) {
            last--;
        }
        int pos = Layout.BLOCK_HEADER_LEN;
        int end = pos;
        while (pos + Layout.RECORD_HEADER_LEN <= buf.length && pos <= last) {
            if (buf[pos] == Layout.RECORD_MAGIC) {
                Rec r = parse(buf, pos, block);
                if (r != null) {
                    out.add(r);
                    pos += r.length;
                    end = pos;
                    continue;
                }
            }
            pos += 8;
        }
        return end;
    }

    /** A committed record at {@code pos}, or null. Never throws on garbage. */
    Rec parse(byte[] buf, int pos, int block) {
        try {
            if (buf[pos + 1] != Layout.FORMAT_VERSION) {
                return null;
            }
            int n = Bytes.u16(buf, pos + 2);
            int m = Bytes.i32(buf, pos + 4);
            long seq = Bytes.i64(buf, pos + 8);
            int s = Bytes.i32(buf, pos + 16);
            if (m < Layout.TAG_LEN + 1
                    || m > geo.blockSize()
                    || (n == 0 ? s != 0 : s != sealedSegLen)) {
                return null;
            }
            long len = Layout.recordLength(m, 0, 0) + (long) n * s;
            if (pos + len > buf.length) {
                return null;
            }
            int length = Layout.recordLength(m, n, s);
            if (pos + length > buf.length) {
                return null;
            }
            if (Bytes.i32(buf, pos + 20 + m) != Bytes.crc(buf, pos, 20 + m)
                    || buf[pos + 24 + m] != Layout.COMMIT) {
                return null;
            }
            byte[] aad = Arrays.copyOfRange(buf, pos, pos + Layout.RECORD_HEADER_LEN);
            byte[] plain =
                    crypto.open(
                            seq, Layout.META_INDEX, aad, buf, pos + Layout.RECORD_HEADER_LEN, m);
            if (plain == null) {
                return null;
            }
            Meta meta = Meta.decode(plain);
            if (meta == null) {
                return null;
            }
            int[] abs = new int[0];
            if (meta instanceof Meta.Key k) {
                if (k.segments() != n || k.segmentBits() != segmentBits) {
                    return null;
                }
                abs = k.absoluteIndices();
            } else if (n != 0) {
                return null;
            }
            int base = Layout.segmentBase(m);
            Rec r = new Rec(seq, block, pos, length, meta, base, s, abs);
            for (int i = 0; i < n; i++) {
                int at = pos + base + i * s;
                if (Bytes.allEqual(buf, at, s, (byte) 0)) {
                    r.zeroSlots.set(i);
                }
                if (!Bytes.allEqual(buf, at + segBytes, Layout.TAG_LEN, (byte) 0)) {
                    r.liveSlots.set(i);
                }
            }
            return r;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static byte[] segAad(long blockId, int absIndex) {
        byte[] aad = new byte[12];
        Bytes.put64(aad, 0, blockId);
        Bytes.put32(aad, 8, absIndex);
        return aad;
    }
}
