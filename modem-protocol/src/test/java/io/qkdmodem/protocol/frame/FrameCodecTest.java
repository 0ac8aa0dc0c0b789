package io.qkdmodem.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.protocol.testing.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    // Our own frozen vector (also in docs/protocol/modem-link.md, "Frame example"): a STATUS
    // request,
    // version 1, type 0x03, no flags, seq 1, empty payload.
    // Header 01 03 00 00000001 0000, CRC-32C over those 9 bytes = 0x31deabfc (checked with an
    // independent bitwise CRC-32C in Python).
    static final String STATUS_FRAME = "00 03 01 03 01 01 01 02 01 01 05 31 de ab fc 00";

    static List<Frame> drain(FrameDecoder d, List<FramingException> errors) {
        List<Frame> out = new ArrayList<>();
        while (true) {
            try {
                Frame f = d.next();
                if (f == null) {
                    return out;
                }
                out.add(f);
            } catch (FramingException e) {
                errors.add(e);
            }
        }
    }

    @Test
    void statusFrameVector() {
        byte[] wire = FrameEncoder.encode(new Frame(1, 0x03, 0, 1, new byte[0]));
        assertThat(Hex.format(wire)).isEqualTo(STATUS_FRAME);
    }

    @Test
    void roundTripFedOneByteAtATime() throws Exception {
        byte[] payload = new byte[3000];
        new Random(1).nextBytes(payload);
        byte[] wire =
                FrameEncoder.encode(new Frame(1, 0x05, Frame.FLAG_RESPONSE, 0xFFFF_FFFFL, payload));
        FrameDecoder d = new FrameDecoder();
        Frame got = null;
        for (int i = 0; i < wire.length; i++) {
            d.feed(wire, i, 1);
            Frame f = d.next();
            if (f != null) {
                assertThat(i)
                        .as("frame completes only at its final delimiter")
                        .isEqualTo(wire.length - 1);
                got = f;
            }
        }
        assertThat(got).isNotNull();
        assertThat(got.type()).isEqualTo(0x05);
        assertThat(got.seq()).isEqualTo(0xFFFF_FFFFL);
        assertThat(got.hasFlag(Frame.FLAG_RESPONSE)).isTrue();
        assertThat(got.payload()).isEqualTo(payload);
    }

    @Test
    void recoversAfterGarbageWithoutDelimiter() {
        FrameDecoder d = new FrameDecoder();
        d.feed(Hex.parse("17 42 99 ff"));
        d.feed(Hex.parse(STATUS_FRAME));
        List<FramingException> errors = new ArrayList<>();
        List<Frame> frames = drain(d, errors);
        assertThat(frames).hasSize(1);
        assertThat(errors).hasSize(1);
    }

    @Test
    void overlongRunIsDiscardedUntilTheNextDelimiterThenRecovers() {
        FrameDecoder d = new FrameDecoder();
        byte[] junk = new byte[FrameEncoder.MAX_ENCODED + 100];
        java.util.Arrays.fill(junk, (byte) 0x55);
        d.feed(junk);
        assertThat(d.isDiscarding()).isTrue();
        assertThatThrownBy(d::next)
                .isInstanceOfSatisfying(
                        FramingException.class,
                        e -> assertThat(e.reason()).isEqualTo(FramingException.Reason.TOO_LONG));
        d.feed(Hex.parse(STATUS_FRAME));
        List<FramingException> errors = new ArrayList<>();
        assertThat(drain(d, errors)).hasSize(1);
        assertThat(errors).isEmpty();
        assertThat(d.isDiscarding()).isFalse();
    }

    @Test
    void eachMalformationHasItsReason() {
        FrameDecoder d = new FrameDecoder();
        List<FramingException> errors = new ArrayList<>();
        d.feed(Hex.parse("00 05 11 22 00")); // bad stuffing
        d.feed(Hex.parse("00 03 11 22 02 33 00")); // too short
        byte[] bad = Hex.parse(STATUS_FRAME);
        bad[bad.length - 2] ^= 1; // CRC
        d.feed(bad);
        // length field 1 but empty payload: header 01 03 00 00000001 0001 + CRC
        byte[] raw = Hex.parse("01 03 00 00 00 00 01 00 01 00 00 00 00");
        int crc = Crc32c.compute(raw, 0, 9);
        raw[9] = (byte) (crc >>> 24);
        raw[10] = (byte) (crc >>> 16);
        raw[11] = (byte) (crc >>> 8);
        raw[12] = (byte) crc;
        byte[] st = new byte[20];
        int n = Cobs.encode(raw, 0, raw.length, st, 1);
        d.feed(java.util.Arrays.copyOf(st, n + 2));
        // unknown flag 0x80
        raw = Hex.parse("01 03 80 00 00 00 01 00 00 00 00 00 00");
        crc = Crc32c.compute(raw, 0, 9);
        raw[9] = (byte) (crc >>> 24);
        raw[10] = (byte) (crc >>> 16);
        raw[11] = (byte) (crc >>> 8);
        raw[12] = (byte) crc;
        n = Cobs.encode(raw, 0, raw.length, st, 1);
        d.feed(java.util.Arrays.copyOf(st, n + 2));
        assertThat(drain(d, errors)).isEmpty();
        assertThat(errors)
                .extracting(FramingException::reason)
                .containsExactly(
                        FramingException.Reason.BAD_STUFFING,
                        FramingException.Reason.TOO_SHORT,
                        FramingException.Reason.BAD_CRC,
                        FramingException.Reason.LENGTH_MISMATCH,
                        FramingException.Reason.BAD_FLAGS);
    }

    @Test
    void maxPayloadFitsAndOneMoreIsRefused() throws Exception {
        byte[] p = new byte[FrameEncoder.MAX_PAYLOAD];
        java.util.Arrays.fill(p, (byte) 7);
        byte[] wire = FrameEncoder.encode(new Frame(1, 5, 0, 9, p));
        assertThat(wire.length - 2).isLessThanOrEqualTo(FrameEncoder.MAX_ENCODED);
        FrameDecoder d = new FrameDecoder();
        d.feed(wire);
        assertThat(d.next().payload()).isEqualTo(p);
        assertThatThrownBy(
                        () ->
                                FrameEncoder.encode(
                                        new Frame(
                                                1,
                                                5,
                                                0,
                                                9,
                                                new byte[FrameEncoder.MAX_PAYLOAD + 1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySingleBitFlipOfAFrameIsDetected() throws Exception {
        byte[] payload = new byte[40];
        new Random(7).nextBytes(payload);
        byte[] wire =
                FrameEncoder.encode(new Frame(1, 0x04, Frame.FLAG_AUTHENTICATED, 77, payload));
        for (int bit = 0; bit < wire.length * 8; bit++) {
            byte[] w = wire.clone();
            w[bit / 8] ^= (byte) (1 << (bit % 8));
            FrameDecoder d = new FrameDecoder();
            d.feed(w);
            d.feed(new byte[] {0});
            List<FramingException> errors = new ArrayList<>();
            assertThat(drain(d, errors)).as("bit " + bit).isEmpty();
        }
    }
}
