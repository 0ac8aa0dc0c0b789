package io.qkdmodem.firmware.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkCodecTest {
    static final List<LinkMessage> SAMPLES =
            List.of(
                    new Hello(true, "alice-1", 0xabcdefL, 41, 40, 1024, 9000),
                    new Resume(9001, 42, -1),
                    new FrameStart(9001, 100_000, 42, 1024),
                    new Clicks(9001, new int[] {3, 17, 99_999}, new byte[] {(byte) 0b1010_0000}),
                    new Sift(
                            9001,
                            42,
                            3,
                            new byte[] {(byte) 0b1100_0000},
                            new byte[] {(byte) 0b0001_0000},
                            new int[] {1},
                            new byte[] {(byte) 0x80},
                            0,
                            new byte[0],
                            new Sift.Closing(
                                    1_700_000_000_000L, new long[] {1, 2, 3, 4, 5, 6}, 77)),
                    new Confirm(42, 1, 2, 3, 0x1234),
                    new Commit(42),
                    new Reject(42, Reject.Reason.TAG_FAILED));

    @Test
    void everyMessageRoundTrips() throws Exception {
        for (LinkMessage m : SAMPLES) {
            assertThat(LinkCodec.decode(LinkCodec.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void everyTruncationIsATypedError() {
        for (LinkMessage m : SAMPLES) {
            byte[] b = LinkCodec.encode(m);
            for (int n = 0; n < b.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(b, n);
                assertThatThrownBy(() -> LinkCodec.decode(cut))
                        .as("%s cut at %d", m, n)
                        .isInstanceOf(LinkProtocolException.class);
            }
            byte[] longer = java.util.Arrays.copyOf(b, b.length + 1);
            assertThatThrownBy(() -> LinkCodec.decode(longer))
                    .isInstanceOf(LinkProtocolException.class);
        }
    }

    @Test
    void framedChannelResynchronisesAfterGarbageAndRejectsABadCrc() throws Exception {
        ArrayDeque<Byte> wire = new ArrayDeque<>();
        FramedPeerChannel.BytePipe pipe =
                new FramedPeerChannel.BytePipe() {
                    @Override
                    public int read(byte[] buf, int off, int len, long timeoutMillis) {
                        int n = 0;
                        while (n < 1 && !wire.isEmpty()) { // one byte at a time
                            buf[off + n++] = wire.poll();
                        }
                        return n;
                    }

                    @Override
                    public void write(byte[] buf, int off, int len) {
                        for (int i = 0; i < len; i++) {
                            wire.add(buf[off + i]);
                        }
                    }

                    @Override
                    public void close() {}
                };
        FramedPeerChannel ch = new FramedPeerChannel(pipe, "test");
        for (byte b : new byte[] {5, 6, 7, 0}) {
            wire.add(b); // garbage before the first frame
        }
        ch.send(SAMPLES.get(0));
        assertThatThrownBy(() -> ch.receive(Duration.ofMillis(50)))
                .isInstanceOf(LinkProtocolException.class);
        assertThat(ch.receive(Duration.ofMillis(50))).isEqualTo(SAMPLES.get(0));
        ch.send(SAMPLES.get(6));
        // flip a byte of the frame in flight
        Byte[] bytes = wire.toArray(new Byte[0]);
        bytes[2] = (byte) (bytes[2] == 0x55 ? 0x56 : 0x55); // never a delimiter
        wire.clear();
        for (Byte b : bytes) {
            wire.add(b);
        }
        assertThatThrownBy(() -> ch.receive(Duration.ofMillis(50)))
                .isInstanceOf(LinkProtocolException.class);
        ch.send(SAMPLES.get(7));
        assertThat(ch.receive(Duration.ofMillis(50))).isEqualTo(SAMPLES.get(7));
        assertThat(ch.receive(Duration.ofMillis(5))).isNull();
    }

    /** A Clicks body with the given click count and raw gap bytes. */
    static byte[] clicksWith(long count, byte[] gaps) {
        io.qkdmodem.protocol.wire.ByteWriter w = new io.qkdmodem.protocol.wire.ByteWriter(64);
        w.u8(Clicks.TYPE);
        w.u64(7);
        w.u32(count);
        w.bytes(gaps);
        w.bytes(new byte[1]); // packed bases of up to 8 clicks
        return w.toByteArray();
    }

    // AUDIT finding 10: prev + 1 + varint wrapped negative and passed the range check, so a slot
    // could repeat (here 5, then 5 again).
    @Test
    void aVarintGapThatWrapsIsRefused() {
        byte[] gaps = new byte[10];
        gaps[0] = 5; // first slot 5
        for (int i = 1; i < 9; i++) {
            gaps[i] = (byte) 0xff;
        }
        gaps[9] = 0x7f; // 2^63 - 1 in nine 7-bit groups
        byte[] msg = clicksWith(2, gaps);
        assertThatThrownBy(() -> LinkCodec.decode(msg))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessageContaining("out of range");
    }

    // AUDIT findings 9/10: a claimed count was allocated (int[count]) before any byte was checked.
    @Test
    void aClickCountBeyondTheMessageIsRefusedBeforeAllocating() {
        byte[] msg = clicksWith(4_000_000, new byte[] {0});
        assertThatThrownBy(() -> LinkCodec.decode(msg))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessageContaining("bytes left");
    }

    // AUDIT finding 9: a channel buffered frames up to 16 MiB whatever the agreed frame size.
    @Test
    void aFramedChannelRefusesAMessageAboveTheAgreedLimitAndRecovers() throws Exception {
        ArrayDeque<Byte> wire = new ArrayDeque<>();
        FramedPeerChannel.BytePipe pipe =
                new FramedPeerChannel.BytePipe() {
                    @Override
                    public int read(byte[] buf, int off, int len, long timeoutMillis) {
                        int n = 0;
                        while (n < len && !wire.isEmpty()) {
                            buf[off + n++] = wire.poll();
                        }
                        return n;
                    }

                    @Override
                    public void write(byte[] buf, int off, int len) {
                        for (int i = 0; i < len; i++) {
                            wire.add(buf[off + i]);
                        }
                    }

                    @Override
                    public void close() {}
                };
        FramedPeerChannel ch = new FramedPeerChannel(pipe, "test");
        int slots = 64;
        ch.limitMessageSize(LinkCodec.maxMessageFor(slots));
        int[] many = new int[20_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = i;
        }
        ch.send(new Clicks(1, many, new byte[many.length / 8]));
        assertThatThrownBy(() -> ch.receive(Duration.ofSeconds(1)))
                .isInstanceOf(LinkProtocolException.class)
                .hasMessageContaining("too long");
        ch.send(new Commit(3));
        assertThat(ch.receive(Duration.ofSeconds(1))).isEqualTo(new Commit(3));
        assertThat(LinkCodec.maxMessageFor(1 << 20)).isLessThan(LinkCodec.MAX_MESSAGE);
    }
}
