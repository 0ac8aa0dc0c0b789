package io.qkdmodem.keystore.log;

import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.RequestId;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/** The sealed meta of a record (docs/keystore.md, section 2.3): one type per record kind. */
sealed interface Meta {
    byte KEY = 1;
    byte RESERVE = 2;
    byte CONSUME = 3;
    byte ERASE_INTENT = 4;

    /**
     * A key record of meta version 2: as {@link #KEY} plus the error counts. Written for every new
     * key record; {@link #KEY} (version 1) is still read, with errors not recorded.
     */
    byte KEY_V2 = 5;

    /** A durable monotonic counter's new value ({@link Counter}). */
    byte COUNTER = 6;

    byte[] encode();

    /** Decodes authenticated meta; null if it is malformed. */
    static Meta decode(byte[] p) {
        try {
            ByteBuffer b = ByteBuffer.wrap(p);
            byte type = b.get();
            Meta m =
                    switch (type) {
                        case KEY -> Key.read(b, false);
                        case KEY_V2 -> Key.read(b, true);
                        case RESERVE -> Reserve.read(b);
                        case CONSUME -> new Consume(b.getLong());
                        case ERASE_INTENT -> new EraseIntent(b.getInt(), b.getLong());
                        case COUNTER -> new Counter(b.getInt(), b.getLong());
                        default -> null;
                    };
            return b.hasRemaining() ? null : m;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A key record: block metadata and the runs of absolute segment indices it carries. */
    record Key(
            long blockId,
            long acquiredAt,
            int totalBits,
            int segmentBits,
            AcquisitionCounts counts,
            int[] runStarts,
            int[] runCounts)
            implements Meta {

        int segments() {
            int n = 0;
            for (int c : runCounts) {
                n += c;
            }
            return n;
        }

        /** Absolute segment index of the record's i-th segment. */
        int[] absoluteIndices() {
            int[] a = new int[segments()];
            int k = 0;
            for (int r = 0; r < runStarts.length; r++) {
                for (int j = 0; j < runCounts[r]; j++) {
                    a[k++] = runStarts[r] + j;
                }
            }
            return a;
        }

        @Override
        public byte[] encode() {
            // a block read from a version-1 record (no error counts) is copied as version 1
            boolean v2 = counts.errorsRecorded();
            int kinds = v2 ? 4 : 3;
            ByteBuffer b =
                    ByteBuffer.allocate(
                            1 + 8 + 8 + 4 + 4 + kinds * 6 * 8 + 4 + 8 * runStarts.length);
            b.put(v2 ? KEY_V2 : KEY)
                    .putLong(blockId)
                    .putLong(acquiredAt)
                    .putInt(totalBits)
                    .putInt(segmentBits);
            for (int kind = 0; kind < kinds; kind++) {
                for (long v : counts.cells(kind)) {
                    b.putLong(v);
                }
            }
            b.putInt(runStarts.length);
            for (int r = 0; r < runStarts.length; r++) {
                b.putInt(runStarts[r]).putInt(runCounts[r]);
            }
            return b.array();
        }

        /** Reads a key record's meta after its type byte; {@code v2}: with error counts. */
        static Key read(ByteBuffer b, boolean v2) {
            long id = b.getLong();
            long at = b.getLong();
            int total = b.getInt();
            int segBits = b.getInt();
            int kinds = v2 ? 4 : 3;
            long[][] cells = new long[kinds][AcquisitionCounts.CELLS];
            for (int kind = 0; kind < kinds; kind++) {
                for (int i = 0; i < AcquisitionCounts.CELLS; i++) {
                    cells[kind][i] = b.getLong();
                }
            }
            int runs = b.getInt();
            if (runs < 0 || runs > b.remaining() / 8 || total <= 0 || segBits <= 0) {
                throw new IllegalArgumentException("bad key meta");
            }
            int maxSeg = (total + segBits - 1) / segBits;
            int[] starts = new int[runs];
            int[] counts = new int[runs];
            for (int r = 0; r < runs; r++) {
                starts[r] = b.getInt();
                counts[r] = b.getInt();
                if (starts[r] < 0 || counts[r] <= 0 || (long) starts[r] + counts[r] > maxSeg) {
                    throw new IllegalArgumentException("bad run");
                }
            }
            AcquisitionCounts c;
            try {
                c =
                        v2
                                ? AcquisitionCounts.ofCells(cells[0], cells[1], cells[2], cells[3])
                                : AcquisitionCounts.ofCells(cells[0], cells[1], cells[2]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad counts");
            }
            return new Key(id, at, total, segBits, c, starts, counts);
        }
    }

    /** A reservation, as first made (state reserved) or as copied by the collector. */
    record Reserve(
            long reference,
            boolean consumed,
            long consumeSeq,
            long blockId,
            int bitOffset,
            int bitLength,
            RequestId requestId)
            implements Meta {
        @Override
        public byte[] encode() {
            byte[] rid = requestId.toBytes();
            ByteBuffer b = ByteBuffer.allocate(1 + 8 + 1 + 8 + 8 + 4 + 4 + 1 + rid.length);
            b.put(RESERVE).putLong(reference).put((byte) (consumed ? 1 : 0)).putLong(consumeSeq);
            b.putLong(blockId).putInt(bitOffset).putInt(bitLength).put((byte) rid.length).put(rid);
            return b.array();
        }

        static Reserve read(ByteBuffer b) {
            long ref = b.getLong();
            byte state = b.get();
            long cseq = b.getLong();
            long block = b.getLong();
            int off = b.getInt();
            int len = b.getInt();
            int ridLen = b.get() & 0xFF;
            if ((state != 0 && state != 1)
                    || off < 0
                    || len <= 0
                    || ridLen < 1
                    || ridLen > RequestId.MAX_BYTES) {
                throw new IllegalArgumentException("bad reserve meta");
            }
            byte[] rid = new byte[ridLen];
            b.get(rid);
            return new Reserve(ref, state == 1, cseq, block, off, len, RequestId.of(rid));
        }
    }

    /** The durable used-mark of a reservation. */
    record Consume(long reference) implements Meta {
        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(9).put(CONSUME).putLong(reference).array();
        }
    }

    /** Announces that {@code block}, while it carries {@code blockSeq}, is garbage. */
    record EraseIntent(int block, long blockSeq) implements Meta {
        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(13)
                    .put(ERASE_INTENT)
                    .putInt(block)
                    .putLong(blockSeq)
                    .array();
        }
    }

    /**
     * Monotonic counter {@code id} reached {@code value}. Only the record with the highest value
     * per id is live; the collector copies it forward.
     */
    record Counter(int id, long value) implements Meta {
        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(1 + 4 + 8).put(COUNTER).putInt(id).putLong(value).array();
        }
    }
}
