package io.qkdmodem.hal.entropy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The JDK's strong {@link SecureRandom} ({@code SecureRandom.getInstanceStrong()}), used where the
 * board has no hardware RNG. Reported as {@link EntropyKind#JDK_STRONG} so nobody takes it for a
 * physical source.
 */
public final class JdkStrongEntropySource implements EntropySource {
    private final SecureRandom random;
    private final double claimed;

    public JdkStrongEntropySource(double claimedMinEntropyPerByte) throws EntropyException {
        try {
            random = SecureRandom.getInstanceStrong();
        } catch (NoSuchAlgorithmException e) {
            throw new EntropyException("the JDK has no strong SecureRandom", e);
        }
        claimed = claimedMinEntropyPerByte;
    }

    @Override
    public EntropyKind kind() {
        return EntropyKind.JDK_STRONG;
    }

    @Override
    public String description() {
        return "JDK strong SecureRandom (" + random.getAlgorithm() + "), no hardware RNG";
    }

    @Override
    public double claimedMinEntropyPerByte() {
        return claimed;
    }

    @Override
    public void nextBytes(byte[] out) {
        random.nextBytes(out);
    }

    @Override
    public void close() {}
}
