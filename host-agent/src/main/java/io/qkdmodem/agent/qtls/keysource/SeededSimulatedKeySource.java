package io.qkdmodem.agent.qtls.keysource;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.crypto.Tls12Prf;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated modem for two agents in different processes (demos, the CLI without hardware): both
 * sides derive the sifted bits of a reference from a shared seed, Bob's side with seeded bit errors
 * at {@code bitErrorRate}. Anyone who knows the seed knows the key: this is a simulation, never a
 * source of secrecy, and the CLI says so when it is selected.
 */
public final class SeededSimulatedKeySource implements SiftedKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(SeededSimulatedKeySource.class);

    /** How this source names itself wherever it surfaces (status, logs). */
    public static final String NOT_SECRET =
            "SIMULATED key source: sifted key derives from a shared seed and is NOT SECRET";

    private final byte[] seed;
    private final double bitErrorRate;
    private final boolean alice;
    private final Set<KeyReference> consumed = new HashSet<>();
    private final AtomicLong reservedBits = new AtomicLong();
    private final AtomicLong replenished = new AtomicLong();
    private final SecureRandom ids = new SecureRandom();

    public SeededSimulatedKeySource(String seed, double bitErrorRate, boolean alice) {
        this.seed = seed.getBytes(StandardCharsets.UTF_8);
        this.bitErrorRate = bitErrorRate;
        this.alice = alice;
        LOG.warn(
                "{} ({} side); for demonstrations only, never for real traffic",
                NOT_SECRET,
                alice ? "alice" : "bob");
    }

    @Override
    public boolean isSimulated() {
        return true;
    }

    @Override
    public SiftedKey reserve(int bits) throws KeySourceException {
        if (!alice) {
            throw new KeySourceException(
                    KeySourceException.Reason.UNAVAILABLE, "only Alice's side reserves");
        }
        byte[] id = new byte[12];
        ids.nextBytes(id);
        KeyReference ref =
                new KeyReference(
                        ("sim-" + HexFormat.of().formatHex(id))
                                .getBytes(StandardCharsets.US_ASCII));
        reservedBits.addAndGet(bits);
        return new SiftedKey(ref, bits, derive(ref, bits, false));
    }

    @Override
    public synchronized SiftedKey fetch(KeyReference reference, int bits)
            throws KeySourceException {
        if (consumed.contains(reference)) {
            throw new KeySourceException(
                    KeySourceException.Reason.ALREADY_CONSUMED, reference + " already consumed");
        }
        if (bits <= 0 || bits > (1 << 24)) {
            throw new KeySourceException(
                    KeySourceException.Reason.UNKNOWN_REFERENCE, "implausible length " + bits);
        }
        reservedBits.addAndGet(bits);
        return new SiftedKey(reference, bits, derive(reference, bits, !alice));
    }

    private byte[] derive(KeyReference ref, int bits, boolean withErrors) {
        byte[] b = Tls12Prf.prf(seed, "simulated sifted key", ref.id(), (bits + 7) / 8);
        if (bits % 8 != 0) {
            b[b.length - 1] &= (byte) (0xFF << (8 - bits % 8));
        }
        if (withErrors) {
            long s = 0;
            for (byte x : Tls12Prf.prf(seed, "simulated errors", ref.id(), 8)) {
                s = (s << 8) | (x & 0xFF);
            }
            SplittableRandom r = new SplittableRandom(s);
            for (int i = 0; i < bits; i++) {
                if (r.nextDouble() < bitErrorRate) {
                    b[i / 8] ^= (byte) (0x80 >>> (i % 8));
                }
            }
        }
        return b;
    }

    @Override
    public synchronized void consume(KeyReference reference) {
        consumed.add(reference);
    }

    @Override
    public void release(KeyReference reference) {
        // Nothing is stored.
    }

    @Override
    public void replenish(QtlsSecret key) {
        replenished.addAndGet(key.length());
    }

    @Override
    public Status status() {
        return new Status(
                "simulated (" + (alice ? "alice" : "bob") + ", NOT SECRET: shared seed)",
                Long.MAX_VALUE,
                reservedBits.get(),
                replenished.get());
    }

    @Override
    public String toString() {
        return "SeededSimulatedKeySource[" + (alice ? "alice" : "bob") + ", NOT SECRET]";
    }
}
