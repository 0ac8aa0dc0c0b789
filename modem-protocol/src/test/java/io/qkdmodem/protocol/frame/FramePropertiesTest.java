package io.qkdmodem.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FramePropertiesTest {

    @Provide
    Arbitrary<Frame> frames() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(600))
                .as((t, f, s, p) -> new Frame(1, t, f, s, p));
    }

    @Property(tries = 300)
    void framesRoundTripInAnyChunking(
            @ForAll("frames") Frame f, @ForAll @IntRange(min = 1, max = 64) int chunk)
            throws Exception {
        byte[] wire = FrameEncoder.encode(f);
        FrameDecoder d = new FrameDecoder();
        List<Frame> got = new ArrayList<>();
        for (int i = 0; i < wire.length; i += chunk) {
            d.feed(wire, i, Math.min(chunk, wire.length - i));
            for (Frame x = d.next(); x != null; x = d.next()) {
                got.add(x);
            }
        }
        assertThat(got).hasSize(1);
        Frame g = got.get(0);
        assertThat(g.type()).isEqualTo(f.type());
        assertThat(g.flags()).isEqualTo(f.flags());
        assertThat(g.seq()).isEqualTo(f.seq());
        assertThat(g.payload()).isEqualTo(f.payload());
    }

    /**
     * Random garbage only ever yields FramingException, and any frame it yields has a valid CRC
     * (re-encoding it reproduces exactly the bytes that were between two delimiters).
     */
    @Property(tries = 1000)
    void garbageYieldsOnlyOwnErrorsAndNeverABadFrame(@ForAll @Size(max = 400) byte[] garbage) {
        FrameDecoder d = new FrameDecoder();
        d.feed(garbage);
        d.feed(new byte[] {0});
        while (true) {
            try {
                Frame f = d.next();
                if (f == null) {
                    break;
                }
                byte[] re = FrameEncoder.encode(f);
                assertThat(containsSlice(garbage, re, 1, re.length - 2)).isTrue();
            } catch (FramingException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
    }

    @Property(tries = 300)
    void anySingleBitFlipIsDetected(
            @ForAll("frames") Frame f, @ForAll @IntRange(min = 0, max = 1 << 20) int where) {
        byte[] wire = FrameEncoder.encode(f);
        int bit = where % (wire.length * 8);
        wire[bit / 8] ^= (byte) (1 << (bit % 8));
        FrameDecoder d = new FrameDecoder();
        d.feed(wire);
        d.feed(new byte[] {0});
        int frames = 0;
        while (true) {
            try {
                if (d.next() == null) {
                    break;
                }
                frames++;
            } catch (FramingException expected) {
                // detected
            }
        }
        assertThat(frames).as("bit %d of %d", bit, wire.length * 8).isZero();
    }

    private static boolean containsSlice(byte[] hay, byte[] needle, int off, int len) {
        outer:
        for (int i = 0; i + len <= hay.length; i++) {
            for (int j = 0; j < len; j++) {
                if (hay[i + j] != needle[off + j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
