package io.qkdmodem.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.protocol.frame.Frame;
import io.qkdmodem.protocol.frame.FrameDecoder;
import io.qkdmodem.protocol.frame.FrameEncoder;
import io.qkdmodem.protocol.message.ConfigureRequest;
import io.qkdmodem.protocol.message.ConsumeRequest;
import io.qkdmodem.protocol.message.ConsumeResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.EventKind;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.FetchRequest;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.Message;
import io.qkdmodem.protocol.message.ReplenishRequest;
import io.qkdmodem.protocol.message.ReplenishResponse;
import io.qkdmodem.protocol.message.ReserveRequest;
import io.qkdmodem.protocol.message.ReserveResponse;
import io.qkdmodem.protocol.message.StatusRequest;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.message.SubscribeRequest;
import io.qkdmodem.protocol.qkdconfig.QkdConfigProfile;
import io.qkdmodem.protocol.testing.InMemoryModemBackend;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static Throwable failureOf(CompletableFuture<Message> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not failed");
    }

    private static ErrorCode codeOf(CompletableFuture<Message> f) {
        Throwable t = failureOf(f);
        assertThat(t).isInstanceOf(ProtocolException.class);
        return ((ProtocolException) t).code();
    }

    private static Frame decode(byte[] wire) throws Exception {
        FrameDecoder d = new FrameDecoder();
        d.feed(wire);
        return d.next();
    }

    @Test
    void handshakeThenReserveFetchConsumeByteAtATime() throws Exception {
        SessionHarness h = new SessionHarness();
        h.byteAtATime = true;
        h.connect();
        assertThat(h.host.state()).isEqualTo(HostSession.State.READY);
        assertThat(h.modem.state()).isEqualTo(ModemSession.State.AUTHENTICATED);
        assertThat(new String(h.host.modemHello().deviceId())).isEqualTo("modem-A");

        CompletableFuture<Message> r = h.host.request(ReserveRequest.of(7, 4096 * 8 + 3));
        h.pump();
        KeyRef ref = ((ReserveResponse) r.get()).ref();
        byte[] expected =
                InMemoryModemBackend.expectedKey(SessionHarness.LINK_SEED, ref, 4096 * 8 + 3);
        byte[] got = new byte[expected.length];
        int off = 0;
        while (off < got.length) {
            CompletableFuture<Message> f = h.host.request(new FetchRequest(ref, off, 1500));
            h.pump();
            FetchResponse c = (FetchResponse) f.get();
            assertThat(c.totalLength()).isEqualTo(expected.length);
            System.arraycopy(c.data(), 0, got, off, c.data().length);
            off += c.data().length;
        }
        assertThat(got).isEqualTo(expected);
        CompletableFuture<Message> c1 = h.host.request(new ConsumeRequest(ref));
        h.pump();
        assertThat(((ConsumeResponse) c1.get()).alreadyConsumed()).isFalse();
        CompletableFuture<Message> c2 = h.host.request(new ConsumeRequest(ref));
        h.pump();
        assertThat(((ConsumeResponse) c2.get()).alreadyConsumed()).isTrue();
        CompletableFuture<Message> f = h.host.request(new FetchRequest(ref, 0, 10));
        h.pump();
        assertThat(codeOf(f)).isEqualTo(ErrorCode.ALREADY_CONSUMED);
    }

    @Test
    void keyBytesNeverCrossTheWireInClear() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        CompletableFuture<Message> r = h.host.request(ReserveRequest.of(1, 256));
        h.pump();
        KeyRef ref = ((ReserveResponse) r.get()).ref();
        CompletableFuture<Message> f = h.host.request(new FetchRequest(ref, 0, 64));
        h.pump();
        byte[] key = ((FetchResponse) f.get()).data();
        Frame last = decode(h.modemFrames.get(h.modemFrames.size() - 1));
        assertThat(last.hasFlag(Frame.FLAG_ENCRYPTED)).isTrue();
        for (byte[] wire : h.modemFrames) {
            assertThat(indexOf(wire, java.util.Arrays.copyOf(key, 8))).isEqualTo(-1);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void retransmittedReserveGetsTheSameReferenceNeverASecond() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        int[] dropped = {0};
        h.toHost =
                b -> {
                    if (dropped[0] == 0) {
                        dropped[0]++;
                        return null; // the first RESERVE answer is lost
                    }
                    return b;
                };
        CompletableFuture<Message> r = h.host.request(ReserveRequest.of(99, 1000));
        h.pump();
        assertThat(r).isNotDone();
        h.advanceMillis(600);
        ReserveResponse resp = (ReserveResponse) r.get();
        assertThat(h.host.stats().retransmits()).isEqualTo(1);
        assertThat(h.backend.reservations()).isEqualTo(1);
        assertThat(h.backend.availableBits()).isEqualTo((1 << 20) - 1000);
        // the same request id later still names the same reference
        CompletableFuture<Message> again = h.host.request(ReserveRequest.of(99, 1000));
        h.pump();
        assertThat(((ReserveResponse) again.get()).ref()).isEqualTo(resp.ref());
        CompletableFuture<Message> conflict = h.host.request(ReserveRequest.of(99, 1001));
        h.pump();
        assertThat(codeOf(conflict)).isEqualTo(ErrorCode.REQUEST_ID_CONFLICT);
    }

    /** Audit finding 19: request ids are scoped by the host's epoch. */
    @Test
    void theSameRequestIdInAnotherEpochIsAnotherReservation() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        CompletableFuture<Message> first = h.host.request(ReserveRequest.of(0x1111, 5, 64));
        h.pump();
        KeyRef before = ((ReserveResponse) first.get()).ref();
        // a restarted agent, counting its ids from the start again, in a new epoch
        CompletableFuture<Message> second = h.host.request(ReserveRequest.of(0x2222, 5, 64));
        h.pump();
        KeyRef after = ((ReserveResponse) second.get()).ref();
        assertThat(after).isNotEqualTo(before);
        assertThat(h.backend.reservations()).isEqualTo(2);
        // and a retry within each epoch stays idempotent
        CompletableFuture<Message> retry = h.host.request(ReserveRequest.of(0x2222, 5, 64));
        h.pump();
        assertThat(((ReserveResponse) retry.get()).ref()).isEqualTo(after);
        CompletableFuture<Message> old = h.host.request(ReserveRequest.of(0x1111, 5, 64));
        h.pump();
        assertThat(((ReserveResponse) old.get()).ref()).isEqualTo(before);
        assertThat(h.backend.reservations()).isEqualTo(2);
    }

    @Test
    void retransmitsAreBoundedThenTimeOutAndReauthenticate() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        h.toModem = b -> null; // the modem hears nothing more
        CompletableFuture<Message> r = h.host.request(new StatusRequest());
        h.pump();
        for (int i = 0; i < 5; i++) {
            h.advanceMillis(499);
            h.advanceMillis(1);
            assertThat(r).isNotDone();
        }
        h.advanceMillis(500);
        assertThat(codeOf(r)).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(h.host.stats().retransmits()).isEqualTo(5);
        assertThat(h.host.state()).isEqualTo(HostSession.State.HELLO_SENT);
        h.toModem = b -> b;
        h.advanceMillis(500);
        assertThat(h.host.state()).isEqualTo(HostSession.State.READY);
    }

    @Test
    void replayedRequestIsRejected() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        CompletableFuture<Message> r = h.host.request(ReserveRequest.of(5, 64));
        h.pump();
        r.get();
        byte[] reserveFrame = h.hostFrames.get(h.hostFrames.size() - 1);
        int before = h.modemFrames.size();
        h.modem.receive(reserveFrame, 0, reserveFrame.length);
        assertThat(h.modem.pollOutput()).isNull();
        assertThat(h.modem.stats().replaysRejected()).isEqualTo(1);
        assertThat(h.modemFrames).hasSize(before);
    }

    @Test
    void reorderedRequestsAreRejected() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        java.util.List<byte[]> held = new java.util.ArrayList<>();
        h.toModem =
                b -> {
                    held.add(b);
                    return null;
                };
        CompletableFuture<Message> a = h.host.request(new StatusRequest());
        h.pump();
        h.advanceMillis(500); // retransmit of the same request with the next seq
        assertThat(held).hasSize(2);
        // deliver the newer one first, then the older: the older is stale
        h.modem.receive(held.get(1), 0, held.get(1).length);
        h.modem.receive(held.get(0), 0, held.get(0).length);
        assertThat(h.modem.stats().replaysRejected()).isEqualTo(1);
        byte[] answer = h.modem.pollOutput();
        assertThat(h.modem.pollOutput()).isNull();
        h.host.receive(answer, 0, answer.length);
        assertThat(a.get()).isInstanceOf(StatusResponse.class);
    }

    @Test
    void replayedResponseIsIgnoredByTheHost() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        CompletableFuture<Message> r1 = h.host.request(ReserveRequest.of(1, 8));
        h.pump();
        r1.get();
        byte[] oldAnswer = h.modemFrames.get(h.modemFrames.size() - 1);
        h.toModem = b -> null;
        CompletableFuture<Message> r2 = h.host.request(ReserveRequest.of(2, 8));
        h.pump();
        h.host.receive(oldAnswer, 0, oldAnswer.length);
        assertThat(r2).isNotDone();
        assertThat(h.host.stats().replaysRejected()).isEqualTo(1);
    }

    @Test
    void tamperedAuthenticatedFrameIsDropped() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        h.toModem =
                b -> {
                    try {
                        Frame f = decode(b);
                        byte[] p = f.payload().clone();
                        p[p.length - 1] ^= 1; // valid CRC, forged tag
                        return FrameEncoder.encode(
                                new Frame(f.version(), f.type(), f.flags(), f.seq(), p));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                };
        CompletableFuture<Message> r = h.host.request(ReserveRequest.of(3, 8));
        h.pump();
        assertThat(r).isNotDone();
        assertThat(h.modem.stats().authFailures()).isEqualTo(1);
        assertThat(h.backend.reservations()).isZero();
    }

    @Test
    void unauthenticatedHostGetsStatusAndNothingElse() throws Exception {
        SessionHarness h =
                new SessionHarness(
                        SessionHarness.SECRET,
                        HostConfig.builder(
                                        new byte[] {'x'},
                                        PairingSecret.of(
                                                "a different pairing secret!!!!!!".getBytes()))
                                .build());
        CompletableFuture<Message> status = h.host.request(new StatusRequest());
        h.pump();
        assertThat(((StatusResponse) status.get()).authenticated()).isFalse();
        h.connect();
        assertThat(h.host.state()).isEqualTo(HostSession.State.FAILED);
        assertThat(h.host.failure().code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(h.modem.state()).isEqualTo(ModemSession.State.AWAIT_HELLO);

        // a hand-made plain RESERVE is refused
        byte[] plain =
                FrameEncoder.encode(new Frame(1, 0x04, 0, 1000, ReserveRequest.of(1, 8).payload()));
        h.modem.receive(plain, 0, plain.length);
        Frame answer = decode(h.modem.pollOutput());
        assertThat(answer.type()).isEqualTo(0x7F);
        assertThat(answer.payload()[1]).isEqualTo((byte) ErrorCode.NOT_AUTHENTICATED.code());
        assertThat(h.backend.reservations()).isZero();
    }

    @Test
    void configureReplenishAndEvents() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        CompletableFuture<Message> c =
                h.host.request(new ConfigureRequest(QkdConfigProfile.PAPER_BB84.message()));
        h.pump();
        c.get();
        assertThat(h.backend.lastConfig()).isEqualTo(QkdConfigProfile.PAPER_BB84.message());

        KeyRef slot = KeyRef.of(11, 0, 1024);
        CompletableFuture<Message> rp = h.host.request(new ReplenishRequest(slot, new byte[32]));
        h.pump();
        assertThat(((ReplenishResponse) rp.get()).poolBits()).isEqualTo(256);
        assertThat(((ReplenishResponse) rp.get()).outcome()).isEqualTo(ReplenishResponse.PLACED);
        Frame replenishFrame = decode(h.hostFrames.get(h.hostFrames.size() - 1));
        assertThat(replenishFrame.hasFlag(Frame.FLAG_ENCRYPTED)).isTrue();
        // a retransmitted REPLENISH (same reference, same slice) adds nothing
        CompletableFuture<Message> rp2 = h.host.request(new ReplenishRequest(slot, new byte[32]));
        h.pump();
        assertThat(((ReplenishResponse) rp2.get()).poolBits()).isEqualTo(256);
        assertThat(((ReplenishResponse) rp2.get()).outcome()).isEqualTo(ReplenishResponse.HELD);
        // another slice for the same place is refused
        CompletableFuture<Message> rp3 =
                h.host.request(new ReplenishRequest(slot, new byte[] {1, 2, 3}));
        h.pump();
        assertThat(codeOf(rp3)).isEqualTo(ErrorCode.REQUEST_ID_CONFLICT);

        h.backend.addBits(100); // not subscribed yet: dropped
        h.pump();
        assertThat(h.host.pollEvent()).isNull();
        CompletableFuture<Message> s =
                h.host.request(new SubscribeRequest(EventKind.BLOCK_READY.maskBit()));
        h.pump();
        s.get();
        h.backend.addBits(100);
        h.backend.raise(new EventMessage(EventKind.LINK_DOWN, 0)); // not subscribed
        h.pump();
        EventMessage e = h.host.pollEvent();
        assertThat(e.kind()).isEqualTo(EventKind.BLOCK_READY);
        assertThat(h.host.pollEvent()).isNull();
        // a replayed event is rejected
        byte[] ev = h.modemFrames.get(h.modemFrames.size() - 1);
        h.host.receive(ev, 0, ev.length);
        assertThat(h.host.pollEvent()).isNull();
        assertThat(h.host.stats().replaysRejected()).isEqualTo(1);
    }

    @Test
    void lostHelloAnswerIsRetransmittedIdempotently() throws Exception {
        SessionHarness h = new SessionHarness();
        int[] n = {0};
        h.toHost = b -> n[0]++ == 0 ? null : b;
        h.connect();
        assertThat(h.host.state()).isEqualTo(HostSession.State.HELLO_SENT);
        h.advanceMillis(500);
        assertThat(h.host.state()).isEqualTo(HostSession.State.READY);
    }

    @Test
    void plainFrameWithHugeSeqCannotBlockTheAuthenticatedCounter() throws Exception {
        SessionHarness h = new SessionHarness();
        h.connect();
        byte[] forged =
                FrameEncoder.encode(
                        new Frame(1, 0x03, 0, 0xFFFF_FFFFL, new StatusRequest().payload()));
        h.modem.receive(forged, 0, forged.length);
        h.modem.pollOutput();
        CompletableFuture<Message> r = h.host.request(ReserveRequest.of(1, 8));
        h.pump();
        assertThat(r.get()).isInstanceOf(ReserveResponse.class);
    }

    @Test
    void helloWithoutACommonVersionIsRefused() throws Exception {
        SessionHarness h = new SessionHarness();
        byte[] hello =
                new io.qkdmodem.protocol.message.HelloRequest(
                                2,
                                3,
                                io.qkdmodem.protocol.message.Role.HOST,
                                0,
                                new byte[16],
                                new byte[] {'h'},
                                "future")
                        .payload();
        byte[] wire = FrameEncoder.encode(new Frame(1, 0x01, 0, 1, hello));
        h.modem.receive(wire, 0, wire.length);
        Frame answer = decode(h.modem.pollOutput());
        assertThat(answer.type()).isEqualTo(0x7F);
        assertThat(answer.payload()[1]).isEqualTo((byte) ErrorCode.UNSUPPORTED_VERSION.code());
        assertThat(h.modem.state()).isEqualTo(ModemSession.State.AWAIT_HELLO);
    }
}
