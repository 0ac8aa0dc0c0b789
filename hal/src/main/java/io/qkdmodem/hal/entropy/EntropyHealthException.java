package io.qkdmodem.hal.entropy;

/**
 * A continuous health test of SP 800-90B section 4.4 failed: the source is stopped for good (until
 * it is reopened by an operator) and every further read throws this again.
 */
public final class EntropyHealthException extends EntropyException {
    private static final long serialVersionUID = 1L;

    /** Which test failed. */
    public enum Test {
        /** Repetition count test, SP 800-90B 4.4.1. */
        REPETITION_COUNT,
        /** Adaptive proportion test, SP 800-90B 4.4.2. */
        ADAPTIVE_PROPORTION
    }

    private final Test test;
    private final String source;

    public EntropyHealthException(Test test, String source, String detail) {
        super("entropy source '" + source + "' stopped: " + test + " test failed (" + detail + ")");
        this.test = test;
        this.source = source;
    }

    public Test test() {
        return test;
    }

    public String source() {
        return source;
    }
}
