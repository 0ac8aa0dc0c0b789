package io.qkdmodem.hal.entropy;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a raw source with the continuous health tests of SP 800-90B 4.4 ({@link HealthTests}),
 * sized from the raw source's claimed min-entropy. Start-up: the first 1024 samples are tested and
 * discarded before any output (SP 800-90B 4.3). Every output byte is tested before it is handed
 * out; on a failure the output buffer is zeroized, the source is stopped for good, the failure is
 * logged at ERROR and passed to the listener, and this and every later call throw {@link
 * EntropyHealthException}.
 */
public final class HealthTestedEntropySource implements EntropySource {
    private static final Logger LOG = LoggerFactory.getLogger(HealthTestedEntropySource.class);
    static final int STARTUP_SAMPLES = 1024;

    private final EntropySource raw;
    private final HealthTests tests;
    private final Consumer<EntropyHealthException> onFailure;
    private EntropyHealthException failure;
    private boolean started;

    public HealthTestedEntropySource(
            EntropySource raw, Consumer<EntropyHealthException> onFailure) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.tests = new HealthTests(raw.claimedMinEntropyPerByte());
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    public HealthTestedEntropySource(EntropySource raw) {
        this(raw, f -> {});
    }

    public HealthTests tests() {
        return tests;
    }

    @Override
    public EntropyKind kind() {
        return raw.kind();
    }

    @Override
    public String description() {
        return raw.description() + ", SP 800-90B 4.4 health-tested";
    }

    @Override
    public double claimedMinEntropyPerByte() {
        return raw.claimedMinEntropyPerByte();
    }

    /** The failure that stopped this source, or null while it is healthy. */
    public synchronized EntropyHealthException failure() {
        return failure;
    }

    @Override
    public synchronized void nextBytes(byte[] out) throws EntropyException {
        if (failure != null) {
            throw failure;
        }
        if (!started) {
            byte[] warmup = new byte[STARTUP_SAMPLES];
            raw.nextBytes(warmup);
            check(warmup);
            Arrays.fill(warmup, (byte) 0);
            started = true;
        }
        raw.nextBytes(out);
        check(out);
    }

    private void check(byte[] buf) throws EntropyHealthException {
        for (byte b : buf) {
            EntropyHealthException.Test t = tests.feed(b & 0xff);
            if (t != null) {
                Arrays.fill(buf, (byte) 0);
                failure = new EntropyHealthException(t, raw.description(), tests.lastDetail());
                LOG.error("{}", failure.getMessage());
                raw.close();
                onFailure.accept(failure);
                throw failure;
            }
        }
    }

    @Override
    public synchronized void close() {
        raw.close();
    }

    @Override
    public String toString() {
        return description();
    }
}
