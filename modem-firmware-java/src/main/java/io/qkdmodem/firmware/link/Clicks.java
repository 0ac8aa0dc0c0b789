package io.qkdmodem.firmware.link;

import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;

/**
 * Bob's announcement for one frame: the clicked slots (increasing) and his measurement basis for
 * each (packed, bit i = basis code of click i). Never his bits.
 */
public record Clicks(long frameId, int[] slots, byte[] bases) implements LinkMessage {
    public static final int TYPE = 4;

    /** Most clicks one frame may carry. */
    public static final int MAX_CLICKS = 1 << 22;

    public Clicks {
        if (bases.length != Wire.packedLength(slots.length)) {
            throw new IllegalArgumentException("bases must hold one bit per click");
        }
    }

    public int size() {
        return slots.length;
    }

    public int basisCode(int i) {
        return Wire.bit(bases, i);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encodeBody(ByteWriter w) {
        w.u64(frameId);
        Wire.increasing(w, slots);
        w.bytes(bases);
    }

    static Clicks decode(ByteReader r) throws LinkProtocolException {
        long frame = r.u64();
        int[] slots = Wire.increasing(r, MAX_CLICKS, Integer.MAX_VALUE, "click");
        return new Clicks(frame, slots, r.bytes(Wire.packedLength(slots.length)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clicks c
                && c.frameId == frameId
                && Arrays.equals(c.slots, slots)
                && Arrays.equals(c.bases, bases);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frameId) * 31 + Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return "Clicks[frame=" + frameId + ", clicks=" + slots.length + "]";
    }
}
