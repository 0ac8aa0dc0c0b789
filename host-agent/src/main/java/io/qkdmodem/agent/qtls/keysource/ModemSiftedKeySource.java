package io.qkdmodem.agent.qtls.keysource;

import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.protocol.driver.KeyMaterial;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.CountsResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.ReserveResponse;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.session.ProtocolException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SiftedKeySource} over the modem link (modem-protocol's {@link ModemClient}): RESERVE and
 * FETCH on Alice's side, RESERVE by reference and FETCH on Bob's, CONSUME, REPLENISH, STATUS.
 * Request ids are random per call, so a retransmitted request stays idempotent at the modem. The
 * modem protocol has no un-reserve, so {@link #release} leaves the reservation to the modem.
 *
 * <p>Built {@link #withDecoyModel with the source's decoy model} (intensities and their
 * probabilities, as configured on the modems), it reserves whole key blocks (RESERVE mode 2: one
 * block of at least the asked size, all of it), asks the modem for the reservation's block counts
 * (COUNTS) and attaches them as {@link DecoyStatistics} when they describe exactly the reserved
 * bits: the reservation covers its whole block, the block was stored with error counts (the
 * firmware's decoy layout, docs/firmware.md) and its key bits are the block's Z-basis sifted bits.
 * The mapping to Lim et al. 2014: key basis {@code n_{X,k}} = sifted Z of class k, test basis
 * {@code n_{Z,k}} = sifted X, {@code m_{Z,k}} = errors X. Otherwise the key carries no counts (and
 * a weak-coherent discussion refuses it).
 *
 * <p>Before counts are used, the block's pulses per intensity class (both bases) are checked
 * against the configured class probabilities ({@code source.p-signal}, {@code source.p-decoy}):
 * each class's pulse count must lie within {@value #MISMATCH_SIGMAS} binomial standard deviations
 * of {@code pulses * p_k}. A block that fails is refused ({@link
 * KeySourceException.Reason#MODEL_MISMATCH}, the message naming the class, observed and configured
 * fractions): the decoy-state bound with the wrong probabilities would be silently wrong. (The
 * intensities {@code source.mu, source.nu} cannot be checked from the counts alone: detections also
 * depend on the channel.)
 */
public final class ModemSiftedKeySource implements SiftedKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(ModemSiftedKeySource.class);
    private static final int SIFTED = 2;
    private static final int ERRORS = 3;
    private static final int PULSES = 0;

    /** Binomial standard deviations a class's pulse count may stray from the configured share. */
    static final double MISMATCH_SIGMAS = 6;

    private static final String[] CLASS_SETTING = {
        "source.p-signal", "source.p-decoy", "1 - source.p-signal - source.p-decoy (vacuum)"
    };

    private final ModemClient client;
    private final SecureRandom ids = new SecureRandom();
    private final double[] intensities;
    private final double[] probabilities;

    /** Without a decoy model: keys carry no decoy-state counts (single-photon source). */
    public ModemSiftedKeySource(ModemClient client) {
        this.client = client;
        this.intensities = null;
        this.probabilities = null;
    }

    private ModemSiftedKeySource(ModemClient client, double[] intensities, double[] probabilities) {
        this.client = client;
        this.intensities = intensities.clone();
        this.probabilities = probabilities.clone();
        // validates the model now rather than at the first key
        new DecoyStatistics(
                this.intensities, this.probabilities, new long[3], new long[3], new long[3]);
    }

    /**
     * A source that attaches each block's decoy-state counts.
     *
     * @param intensities mean photon numbers of signal, decoy, vacuum (as the modems use them)
     * @param probabilities the probability of each class (as the modems draw them)
     * @throws IllegalArgumentException if the model is not a valid Lim 2014 model
     */
    public static ModemSiftedKeySource withDecoyModel(
            ModemClient client, double[] intensities, double[] probabilities) {
        return new ModemSiftedKeySource(client, intensities, probabilities);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With a decoy model the modem reserves one whole key block of at least {@code bits} bits
     * (RESERVE mode 2), so the key is exactly the block its counts describe; its length is the
     * block's. Without, exactly {@code bits} bits.
     */
    @Override
    public SiftedKey reserve(int bits) throws KeySourceException {
        try {
            if (intensities != null) {
                ReserveResponse r;
                try {
                    r = client.reserveBlock(ids.nextLong(), bits);
                } catch (ProtocolException e) {
                    if (e.code() == ErrorCode.INSUFFICIENT_KEY) {
                        String hint = blockSizeHint(bits);
                        if (hint != null) {
                            LOG.warn("{}", hint);
                            throw new KeySourceException(
                                    KeySourceException.Reason.INSUFFICIENT_KEY, hint, e);
                        }
                    }
                    throw e;
                }
                return load(r.ref(), r.bits());
            }
            KeyRef ref = client.reserve(ids.nextLong(), bits);
            return load(ref, bits);
        } catch (ProtocolException e) {
            throw translate(e);
        }
    }

    /**
     * After a whole-block RESERVE found no block of {@code bits}: if the modem nonetheless holds
     * unreserved key in stored blocks, those blocks are all smaller than {@code bits} (the modem's
     * {@code block.target-bits} is below the agent's {@code sifted-bits}; the firmware's default is
     * 8192), and waiting will not help. Returns the operator's message then, else null (the modem
     * simply has no key yet).
     */
    String blockSizeHint(int bits) {
        StatusResponse s;
        try {
            s = client.status();
        } catch (ProtocolException e) {
            return null;
        }
        if (s.availableBits() <= 0 || s.blocksStored() <= 0) {
            return null;
        }
        return "modem holds "
                + s.availableBits()
                + " unreserved sifted bits in "
                + s.blocksStored()
                + " stored blocks (about "
                + s.availableBits() / s.blocksStored()
                + " bits each) but no whole block of sifted-bits = "
                + bits
                + ": the modems' block.target-bits is below the agent's sifted-bits, so no"
                + " block will ever be large enough. Set block.target-bits (and block.max-bits) to"
                + " at least "
                + bits
                + " on both modems, or lower sifted-bits in the agent configuration (the"
                + " weak-coherent bound needs about 2^19 bits or more at 10 km, docs/security.md)";
    }

    @Override
    public SiftedKey fetch(KeyReference reference, int bits) throws KeySourceException {
        try {
            KeyRef ref = client.reserveReference(ids.nextLong(), KeyRef.of(reference.id()), bits);
            return load(ref, bits);
        } catch (ProtocolException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(
                    KeySourceException.Reason.UNKNOWN_REFERENCE, "not a modem key reference");
        }
    }

    private SiftedKey load(KeyRef ref, int bits) throws ProtocolException, KeySourceException {
        KeyMaterial m = client.fetch(ref);
        byte[] b = m.copy();
        m.destroy();
        if (b.length != (bits + 7) / 8) {
            Arrays.fill(b, (byte) 0);
            throw new KeySourceException(
                    KeySourceException.Reason.UNAVAILABLE,
                    "modem returned " + b.length + " bytes for " + bits + " bits");
        }
        Optional<DecoyStatistics> decoy = Optional.empty();
        if (intensities != null) {
            try {
                decoy = decoyStatistics(client.counts(ref), bits);
            } catch (ProtocolException | KeySourceException e) {
                Arrays.fill(b, (byte) 0);
                throw e;
            }
        }
        return new SiftedKey(new KeyReference(ref.bytes()), bits, b, decoy);
    }

    /**
     * The counts as Lim 2014 reads them, if they describe exactly these {@code bits}.
     *
     * @throws KeySourceException {@link KeySourceException.Reason#MODEL_MISMATCH} if the block's
     *     pulses per class contradict the configured class probabilities
     */
    Optional<DecoyStatistics> decoyStatistics(CountsResponse c, int bits)
            throws KeySourceException {
        if (!c.coversBlock() || !c.errorsRecorded() || c.bitLength() != bits) {
            return Optional.empty();
        }
        long[] pulses = new long[3];
        for (int k = 0; k < 3; k++) {
            pulses[k] = c.count(PULSES, 2 * k) + c.count(PULSES, 2 * k + 1);
        }
        String mismatch = probabilityMismatch(pulses, probabilities);
        if (mismatch != null) {
            String message = "block " + c.blockId() + ": " + mismatch;
            LOG.error("decoy model mismatch, key block refused: {}", message);
            throw new KeySourceException(KeySourceException.Reason.MODEL_MISMATCH, message);
        }
        long[] nKey = new long[3];
        long[] nTest = new long[3];
        long[] mTest = new long[3];
        for (int k = 0; k < 3; k++) {
            nKey[k] = c.count(SIFTED, 2 * k); // Z cell of class k
            nTest[k] = c.count(SIFTED, 2 * k + 1); // X cell
            mTest[k] = c.count(ERRORS, 2 * k + 1);
        }
        if (nKey[0] + nKey[1] + nKey[2] != bits) {
            LOG.warn(
                    "block {}: {} key bits but {} Z-basis sifted bits; no decoy counts attached",
                    c.blockId(),
                    bits,
                    nKey[0] + nKey[1] + nKey[2]);
            return Optional.empty();
        }
        return Optional.of(new DecoyStatistics(intensities, probabilities, nKey, nTest, mTest));
    }

    /**
     * Why pulses per class ({@code pulses[k]}, signal, decoy, vacuum) contradict the class
     * probabilities {@code p}, or null when every class lies within {@value #MISMATCH_SIGMAS}
     * binomial standard deviations of its expected count.
     */
    static String probabilityMismatch(long[] pulses, double[] p) {
        long n = pulses[0] + pulses[1] + pulses[2];
        if (n <= 0) {
            return "the modem reports no pulses per intensity class, so the configured class"
                    + " probabilities cannot be checked";
        }
        for (int k = 0; k < 3; k++) {
            double expected = n * p[k];
            double sd = Math.sqrt(n * p[k] * (1 - p[k]));
            if (Math.abs(pulses[k] - expected) > MISMATCH_SIGMAS * sd) {
                return String.format(
                        java.util.Locale.ROOT,
                        "%d of %d pulses (%.4f) were of class %s, but %s = %.4f expects %.0f +- %.0f"
                                + " (%.0f standard deviations); the agent's source.p-signal and"
                                + " source.p-decoy must equal the modems' intensity.p-signal and"
                                + " intensity.p-decoy",
                        pulses[k],
                        n,
                        pulses[k] / (double) n,
                        k == 0 ? "signal" : k == 1 ? "decoy" : "vacuum",
                        CLASS_SETTING[k],
                        p[k],
                        expected,
                        MISMATCH_SIGMAS * sd,
                        MISMATCH_SIGMAS);
            }
        }
        return null;
    }

    @Override
    public void consume(KeyReference reference) throws KeySourceException {
        try {
            client.consume(KeyRef.of(reference.id()));
        } catch (ProtocolException e) {
            throw translate(e);
        }
    }

    @Override
    public void release(KeyReference reference) {
        // The modem link has no un-reserve; the reservation stays until the modem drops it.
    }

    /**
     * Refused: a modem places a slice by the key reference that produced it, so a slice without one
     * has no place (use {@link #replenish(KeyReference, QtlsSecret)}).
     */
    @Override
    public void replenish(QtlsSecret key) throws KeySourceException {
        throw new KeySourceException(
                KeySourceException.Reason.UNAVAILABLE,
                "a replenish slice needs the key reference of the handshake that produced it");
    }

    @Override
    public void replenish(KeyReference reference, QtlsSecret key) throws KeySourceException {
        byte[] b = key.extract();
        try {
            client.replenish(KeyRef.of(reference.id()), b);
        } catch (ProtocolException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(
                    KeySourceException.Reason.UNKNOWN_REFERENCE, "not a modem key reference");
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    @Override
    public Status status() throws KeySourceException {
        try {
            StatusResponse s = client.status();
            String id = HexFormat.of().formatHex(client.modemHello().deviceId());
            return new Status(
                    "modem "
                            + id
                            + " (link "
                            + linkState(s.linkState())
                            + ", QBER "
                            + s.qberPpm() / 1e4
                            + " %)",
                    s.availableBits(),
                    s.reservedBits(),
                    s.poolBits() / 8);
        } catch (ProtocolException e) {
            throw translate(e);
        }
    }

    private static String linkState(int v) {
        return switch (v) {
            case StatusResponse.LINK_UP -> "up";
            case StatusResponse.LINK_ESTABLISHING -> "establishing";
            default -> "down";
        };
    }

    private static KeySourceException translate(ProtocolException e) {
        ErrorCode c = e.code();
        KeySourceException.Reason r =
                c == ErrorCode.INSUFFICIENT_KEY
                        ? KeySourceException.Reason.INSUFFICIENT_KEY
                        : c == ErrorCode.UNKNOWN_REFERENCE
                                ? KeySourceException.Reason.UNKNOWN_REFERENCE
                                : c == ErrorCode.ALREADY_CONSUMED
                                        ? KeySourceException.Reason.ALREADY_CONSUMED
                                        : KeySourceException.Reason.UNAVAILABLE;
        return new KeySourceException(r, "modem: " + e.getMessage(), e);
    }
}
