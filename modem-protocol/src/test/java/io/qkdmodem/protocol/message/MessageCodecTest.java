package io.qkdmodem.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    static final KeyRef REF = KeyRef.of(0x0102030405060708L, 64, 160);

    static List<Message> examples() {
        byte[] nonce = new byte[16];
        for (int i = 0; i < 16; i++) {
            nonce[i] = (byte) (0x10 + i);
        }
        return List.of(
                new HelloRequest(1, 1, Role.HOST, 0, nonce, new byte[] {'h', '1'}, "agent 0.1"),
                new HelloResponse(1, Role.MODEM, 7, nonce, new byte[] {'m'}, "fw"),
                new AuthRequest(new byte[32]),
                new AuthResponse(new byte[32]),
                new StatusRequest(),
                new StatusResponse(1, 2, 3, 2, 0, 21_000, 4, 5, 6, true),
                ReserveRequest.of(9, 160),
                new ReserveRequest(9, 160, REF),
                ReserveRequest.wholeBlock(9, 1 << 20),
                ReserveRequest.wholeBlock(-3, 9, 1 << 20),
                new ReserveRequest(9, -5, 160, REF),
                new ReserveResponse(9, REF, 160),
                new FetchRequest(REF, 0, 4096),
                new FetchResponse(0, 20, new byte[] {1, 2, 3}),
                new ConsumeRequest(REF),
                new ConsumeResponse(true),
                new CountsRequest(REF),
                new CountsResponse(7, 65_536, 0, 65_536, true, countsFixture()),
                new ConfigureRequest(QkdConfigProfile.PAPER_BB84.message()),
                new ConfigureResponse(),
                new ReplenishRequest(REF, new byte[] {9, 9}),
                new ReplenishResponse(ReplenishResponse.HELD, 16),
                new SubscribeRequest(0x3F),
                new SubscribeResponse(0x3F),
                new EventMessage(EventKind.POOL_LOW, 1024),
                new ErrorResponse(ErrorCode.INSUFFICIENT_KEY, "only 8 bits"));
    }

    private static long[] countsFixture() {
        long[] c = new long[CountsResponse.KINDS * CountsResponse.CELLS];
        for (int i = 0; i < c.length; i++) {
            c[i] = 1_000_000L * (24 - i) + i;
        }
        return c;
    }

    @Test
    void countsResponseIs213BytesAsDocumented() {
        // docs/protocol/modem-link.md 4.2: 8 + 4 + 4 + 4 + 1 + 4 * 6 * 8
        assertThat(new CountsResponse(1, 8, 0, 8, false, countsFixture()).payload()).hasSize(213);
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        for (Message m : examples()) {
            byte[] p = m.payload();
            Message back = Messages.decode(m.type(), m.isResponse(), p);
            assertThat(back.getClass()).isEqualTo(m.getClass());
            assertThat(back.payload()).as(m.type().toString()).isEqualTo(p);
        }
    }

    @Test
    void everyTruncationAndExtensionIsMalformed() {
        for (Message m : examples()) {
            byte[] p = m.payload();
            boolean openEnded =
                    m instanceof FetchResponse
                            || m instanceof ReplenishRequest
                            || m instanceof ConfigureRequest;
            for (int cut = 0; cut < p.length; cut++) {
                byte[] t = java.util.Arrays.copyOf(p, cut);
                if (openEnded && cut >= 8) {
                    continue; // a shorter tail is another valid message
                }
                assertThatThrownBy(() -> Messages.decode(m.type(), m.isResponse(), t))
                        .as("%s cut at %d", m.type(), cut)
                        .isInstanceOf(MessageFormatException.class);
            }
            if (!openEnded) {
                byte[] longer = java.util.Arrays.copyOf(p, p.length + 1);
                assertThatThrownBy(() -> Messages.decode(m.type(), m.isResponse(), longer))
                        .isInstanceOf(MessageFormatException.class);
            }
        }
    }

    @Test
    void reserveModesAreOneByte() throws Exception {
        // docs/protocol/modem-link.md 4.2: request_id u64, epoch u64, bits u32, mode u8 (0, 1 +
        // ref, 2)
        assertThat(ReserveRequest.of(7, 160).payload())
                .isEqualTo(
                        io.qkdmodem.protocol.testing.Hex.parse(
                                "00000000 00000007 00000000 00000000 000000a0 00"));
        assertThat(ReserveRequest.wholeBlock(0x0102030405060708L, 7, 160).payload())
                .isEqualTo(
                        io.qkdmodem.protocol.testing.Hex.parse(
                                "00000000 00000007 01020304 05060708 000000a0 02"));
        assertThat(new ReserveRequest(7, 160, REF).payload()).hasSize(21 + 16);
        ReserveRequest back =
                (ReserveRequest)
                        Messages.decode(
                                MessageType.RESERVE,
                                false,
                                ReserveRequest.wholeBlock(7, 160).payload());
        assertThat(back.wholeBlock()).isTrue();
        assertThat(back.wanted()).isNull();
        assertThatThrownBy(
                        () ->
                                Messages.decode(
                                        MessageType.RESERVE,
                                        false,
                                        io.qkdmodem.protocol.testing.Hex.parse(
                                                "00000000 00000007 00000000 00000000"
                                                        + " 000000a0 03")))
                .isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> new ReserveRequest(7, 0, 160, REF, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusResponseIs43Bytes() {
        assertThat(new StatusResponse(1, 2, 3, 2, 0, 21_000, 4, 5, 6, true).payload()).hasSize(43);
    }

    @Test
    void keyCarryingMessagesSaySo() {
        assertThat(new FetchResponse(0, 1, new byte[1]).carriesKey()).isTrue();
        assertThat(new ReplenishRequest(REF, new byte[1]).carriesKey()).isTrue();
        assertThat(ReserveRequest.of(1, 1).carriesKey()).isFalse();
        assertThat(new FetchResponse(0, 1, new byte[] {0x5A}).toString()).doesNotContain("90");
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<KeyRef> refs = Arbitraries.bytes().array(byte[].class).ofSize(16).map(KeyRef::of);
        Arbitrary<Long> u64 = Arbitraries.longs();
        Arbitrary<Integer> pos = Arbitraries.integers().between(1, Integer.MAX_VALUE);
        Arbitrary<byte[]> data =
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100);
        return Arbitraries.oneOf(
                Combinators.combine(u64, pos).as(ReserveRequest::of),
                Combinators.combine(u64, pos, refs).as((a, b, c) -> new ReserveRequest(a, b, c)),
                Combinators.combine(u64, u64, pos)
                        .as((e, a, b) -> ReserveRequest.wholeBlock(e, a, b)),
                Combinators.combine(u64, u64, pos, refs)
                        .as((a, e, b, c) -> new ReserveRequest(a, e, b, c)),
                Combinators.combine(u64, refs, pos).as(ReserveResponse::new),
                Combinators.combine(refs, pos, pos).as((r, o, m) -> new FetchRequest(r, o - 1, m)),
                Combinators.combine(pos, pos, data).as(FetchResponse::new),
                refs.map(ConsumeRequest::new),
                Arbitraries.of(true, false).map(ConsumeResponse::new),
                Combinators.combine(refs, data).as(ReplenishRequest::new),
                Combinators.combine(Arbitraries.integers().between(0, 2), u64)
                        .as(ReplenishResponse::new),
                Arbitraries.integers().map(SubscribeRequest::new),
                Combinators.combine(Arbitraries.of(EventKind.class), u64).as(EventMessage::new),
                Combinators.combine(
                                Arbitraries.of(ErrorCode.class).filter(c -> c.code() < 0x100),
                                Arbitraries.strings().ofMaxLength(60))
                        .as(ErrorResponse::new));
    }

    @Property(tries = 1000)
    void randomMessagesRoundTrip(@ForAll("messages") Message m) throws Exception {
        byte[] p = m.payload();
        assertThat(Messages.decode(m.type(), m.isResponse(), p).payload()).isEqualTo(p);
    }

    @Property(tries = 1000)
    void garbagePayloadsOnlyRaiseTheCodecsOwnError(
            @ForAll MessageType type, @ForAll boolean response, @ForAll @Size(max = 80) byte[] p) {
        try {
            Message m = Messages.decode(type, response, p);
            assertThat(m.payload()).isEqualTo(p);
        } catch (MessageFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
