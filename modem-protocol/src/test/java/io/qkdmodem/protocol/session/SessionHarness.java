package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.testing.InMemoryModemBackend;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** A host core and a modem core joined in-process, with a fake clock and frame taps. */
final class SessionHarness {

    static final byte[] SECRET =
            "pairing secret for tests, 32 byte".getBytes(StandardCharsets.US_ASCII);
    static final long LINK_SEED = 42;

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final InMemoryModemBackend backend = new InMemoryModemBackend(LINK_SEED, 1 << 20);
    final ModemSession modem;
    final HostSession host;

    /** Every frame the host wrote, in order. */
    final List<byte[]> hostFrames = new ArrayList<>();

    /** Every frame the modem wrote, in order. */
    final List<byte[]> modemFrames = new ArrayList<>();

    /** Transforms host-to-modem frames; return null to drop one. */
    UnaryOperator<byte[]> toModem = UnaryOperator.identity();

    /** Transforms modem-to-host frames; return null to drop one. */
    UnaryOperator<byte[]> toHost = UnaryOperator.identity();

    boolean byteAtATime;

    SessionHarness() {
        this(SECRET, HostConfig.builder(new byte[] {'h', '1'}, PairingSecret.of(SECRET)).build());
    }

    SessionHarness(byte[] modemSecret, HostConfig hostConfig) {
        SecureRandom modemRandom = seeded(1);
        modem =
                new ModemSession(
                        new ModemIdentity(
                                "modem-A".getBytes(StandardCharsets.US_ASCII),
                                "fw-test-1",
                                ModemIdentity.CAP_CHUNKED_FETCH | ModemIdentity.CAP_EVENTS),
                        PairingSecret.of(modemSecret),
                        backend,
                        modemRandom);
        backend.setEventSink(modem::publish);
        host = new HostSession(hostConfig, clock::get, seeded(2));
    }

    /** A deterministic SecureRandom for reproducible tests. */
    static SecureRandom seeded(long seed) {
        Random r = new Random(seed);
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                r.nextBytes(bytes);
            }
        };
    }

    /** Moves frames both ways until both cores are quiet. */
    void pump() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (byte[] b = host.pollOutput(); b != null; b = host.pollOutput()) {
                hostFrames.add(b);
                byte[] t = toModem.apply(b);
                if (t != null) {
                    deliver(t, true);
                }
                moved = true;
            }
            for (byte[] b = modem.pollOutput(); b != null; b = modem.pollOutput()) {
                modemFrames.add(b);
                byte[] t = toHost.apply(b);
                if (t != null) {
                    deliver(t, false);
                }
                moved = true;
            }
        }
    }

    private void deliver(byte[] b, boolean toModemSide) {
        if (byteAtATime) {
            for (int i = 0; i < b.length; i++) {
                if (toModemSide) {
                    modem.receive(b, i, 1);
                } else {
                    host.receive(b, i, 1);
                }
            }
        } else if (toModemSide) {
            modem.receive(b, 0, b.length);
        } else {
            host.receive(b, 0, b.length);
        }
    }

    /** Advances the fake clock and lets the host retransmit. */
    void advanceMillis(long ms) {
        clock.addAndGet(ms * 1_000_000L);
        host.tick();
        pump();
    }

    void connect() {
        host.connect();
        pump();
    }
}
