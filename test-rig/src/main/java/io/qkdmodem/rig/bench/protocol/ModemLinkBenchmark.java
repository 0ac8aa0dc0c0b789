package io.qkdmodem.rig.bench.protocol;

import io.qkdmodem.hal.serial.InMemorySerialPair;
import io.qkdmodem.hal.serial.JSerialCommLink;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.serial.SocatPtyPair;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.driver.ModemServer;
import io.qkdmodem.protocol.message.CountsResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.EventMessage;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.ReplenishResponse;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.ModemBackend;
import io.qkdmodem.protocol.session.ModemException;
import io.qkdmodem.protocol.session.ModemIdentity;
import io.qkdmodem.protocol.session.ModemSession;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.session.SessionStats;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key delivery over the modem link, host client to modem server, 4 KiB per FETCH. {@code link=pty}
 * runs over both ends of a socat pseudo-terminal pair opened through jSerialComm (the issue's
 * setting); {@code link=memory} over the in-memory pair (the anchor without a kernel tty in the
 * path). Score: FETCH exchanges per second (x 4096 = key bytes per second). The auxiliary counters
 * {@code keyBytes} and {@code wireBytes} (both directions, frames with delimiters) give the ratio
 * key bytes / wire bytes; the tear-down also logs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ModemLinkBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ModemLinkBenchmark.class);
    private static final byte[] SECRET =
            "benchmark pairing secret, 32 b!!".getBytes(StandardCharsets.US_ASCII);
    static final int FETCH_BYTES = 4096;
    private static final int KEY_BYTES = 1 << 20;

    @Param({"pty", "memory"})
    public String link;

    private SocatPtyPair pty;
    private ModemServer server;
    private ModemClient client;
    private KeyRef ref;
    private int offset;
    private long requestId;
    private long totalKey;
    private long totalWire;

    /** Byte counters reported next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Bytes {
        public long keyBytes;
        public long wireBytes;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SerialLink hostLink;
        SerialLink modemLink;
        if ("pty".equals(link)) {
            pty = SocatPtyPair.start(Duration.ofSeconds(5));
            hostLink = JSerialCommLink.open(cfg(pty.pathA()));
            modemLink = JSerialCommLink.open(cfg(pty.pathB()));
        } else {
            InMemorySerialPair pair = new InMemorySerialPair(64 * 1024, Duration.ofMillis(50));
            hostLink = pair.a();
            modemLink = pair.b();
        }
        BenchBackend backend = new BenchBackend();
        ModemSession session =
                new ModemSession(
                        new ModemIdentity(
                                "bench-modem".getBytes(StandardCharsets.US_ASCII),
                                "bench",
                                ModemIdentity.CAP_CHUNKED_FETCH),
                        PairingSecret.of(SECRET),
                        backend,
                        new SecureRandom());
        server = ModemServer.start(modemLink, session, backend);
        client =
                ModemClient.connect(
                        hostLink,
                        HostConfig.builder(
                                        "bench-host".getBytes(StandardCharsets.US_ASCII),
                                        PairingSecret.of(SECRET))
                                .fetchChunk(FETCH_BYTES)
                                .responseTimeout(Duration.ofSeconds(2))
                                .build());
        ref = client.reserve(++requestId, KEY_BYTES * 8);
    }

    private static SerialConfig cfg(String path) {
        return SerialConfig.builder(path)
                .baud(921_600)
                .readTimeout(Duration.ofMillis(100))
                .reconnect(0, Duration.ofMillis(10))
                .build();
    }

    /** One FETCH of 4096 key bytes (request and encrypted response). */
    @Benchmark
    public int fetch4KiB(Bytes bytes) throws Exception {
        SessionStats s = client.stats();
        long before = s.wireBytesIn() + s.wireBytesOut();
        byte[] chunk = client.fetchRange(ref, offset, FETCH_BYTES);
        offset = (offset + FETCH_BYTES) % KEY_BYTES;
        long wire = s.wireBytesIn() + s.wireBytesOut() - before;
        bytes.keyBytes += chunk.length;
        bytes.wireBytes += wire;
        totalKey += chunk.length;
        totalWire += wire;
        int n = chunk.length;
        Arrays.fill(chunk, (byte) 0);
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (totalWire > 0) {
            LOG.info(
                    "link={} key bytes {} wire bytes {} ratio {}",
                    link,
                    totalKey,
                    totalWire,
                    String.format("%.4f", (double) totalKey / totalWire));
        }
        client.close();
        server.close();
        if (pty != null) {
            pty.close();
        }
    }

    /** Serves one large reservation of pseudo-random key. */
    static final class BenchBackend implements ModemBackend {
        private final Map<KeyRef, byte[]> keys = new HashMap<>();
        private final Map<Long, KeyRef> byRequest = new HashMap<>();
        private final SplittableRandom random = new SplittableRandom(1);
        private long next;

        @Override
        public StatusResponse status() {
            return new StatusResponse(1L << 40, 0, 0, 2, 0, 0, 0, 0, 0, false);
        }

        @Override
        public synchronized KeyRef reserve(long epoch, long requestId, int bits) {
            // One client (one epoch) per benchmark run: the request id alone is the key.
            KeyRef r = byRequest.get(requestId);
            if (r != null) {
                return r;
            }
            r = KeyRef.of(next++, 0, bits);
            byte[] k = new byte[(bits + 7) / 8];
            for (int i = 0; i < k.length; i++) {
                k[i] = (byte) random.nextInt(256);
            }
            keys.put(r, k);
            byRequest.put(requestId, r);
            return r;
        }

        @Override
        public KeyRef reserveReference(long epoch, long requestId, KeyRef ref, int bits)
                throws ModemException {
            throw new ModemException(ErrorCode.UNAVAILABLE, "not in the benchmark");
        }

        @Override
        public CountsResponse counts(KeyRef ref) throws ModemException {
            throw new ModemException(ErrorCode.UNAVAILABLE, "not in the benchmark");
        }

        @Override
        public synchronized FetchResponse fetch(KeyRef ref, int offset, int maxBytes)
                throws ModemException {
            byte[] k = keys.get(ref);
            if (k == null) {
                throw new ModemException(ErrorCode.UNKNOWN_REFERENCE, "no such reference");
            }
            int n = Math.min(maxBytes, k.length - offset);
            return new FetchResponse(offset, k.length, Arrays.copyOfRange(k, offset, offset + n));
        }

        @Override
        public synchronized boolean consume(KeyRef ref) {
            byte[] k = keys.remove(ref);
            if (k != null) {
                Arrays.fill(k, (byte) 0);
            }
            return k != null;
        }

        @Override
        public void configure(QkdConfigMessage config) {}

        @Override
        public ReplenishResponse replenish(KeyRef ref, byte[] material) {
            return new ReplenishResponse(ReplenishResponse.PLACED, 0);
        }

        @Override
        public void setEventSink(Consumer<EventMessage> sink) {}
    }
}
