package io.qkdmodem.agent.qtls.message;

/**
 * Ours, server to client: {@code reference<1..64> sifted_bits(4) qber_threshold(2)
 * sample_fraction(2) security_exponent(1) replenish_bytes(2)}: the sifted key Alice's modem
 * reserved for this handshake, which Bob's modem looks up by the same reference, and the discussion
 * parameters (threshold and fraction in units of 1/10000; epsSec = 2^-security_exponent) both sides
 * then use, and the size of the slice of every final key (handshake and key refreshes) that both
 * sides hand back to their modem's authentication pool: a positive multiple of {@value
 * #REPLENISH_UNIT} bytes, so both modems' pools grow by the same bytes (docs/security.md,
 * "Authentication pool budget").
 */
public record SiftedKeyReference(
        byte[] reference,
        int siftedBits,
        int qberThresholdBasisPoints,
        int sampleFractionBasisPoints,
        int securityExponent,
        int replenishBytes)
        implements HandshakeMessage {
    public static final int MAX_REFERENCE = 64;

    /** A replenish slice is whole tag-key windows of this many bytes (two Wegman-Carter keys). */
    public static final int REPLENISH_UNIT = 32;

    /** Largest replenish slice, in bytes. */
    public static final int MAX_REPLENISH = 4096;

    /** Why {@code bytes} is not a valid replenish slice size, or null if it is. */
    public static String replenishProblem(int bytes) {
        if (bytes <= 0 || bytes % REPLENISH_UNIT != 0 || bytes > MAX_REPLENISH) {
            return "replenish bytes "
                    + bytes
                    + " must be a positive multiple of "
                    + REPLENISH_UNIT
                    + " (a tag-key window must fit inside one slice), at most "
                    + MAX_REPLENISH;
        }
        return null;
    }

    @Override
    public int type() {
        return HandshakeType.SIFTED_KEY_REFERENCE;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter()
                .opaque8(reference)
                .u32(siftedBits)
                .u16(qberThresholdBasisPoints)
                .u16(sampleFractionBasisPoints)
                .u8(securityExponent)
                .u16(replenishBytes)
                .toByteArray();
    }

    public static SiftedKeyReference decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] ref = r.opaque8(MAX_REFERENCE);
        if (ref.length == 0) {
            throw new DecodeException("empty key reference");
        }
        long bits = r.u32();
        if (bits == 0 || bits > Integer.MAX_VALUE) {
            throw new DecodeException("sifted_bits " + bits);
        }
        int threshold = r.u16();
        int fraction = r.u16();
        int exponent = r.u8();
        int replenish = r.u16();
        r.expectEnd();
        String problem = replenishProblem(replenish);
        if (problem != null) {
            throw new DecodeException(problem);
        }
        return new SiftedKeyReference(ref, (int) bits, threshold, fraction, exponent, replenish);
    }
}
