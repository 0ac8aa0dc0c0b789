package io.qkdmodem.agent.qtls.message;

/**
 * Ours, server to client: {@code reference<1..64> sifted_bits(4) qber_threshold(2)
 * sample_fraction(2) security_exponent(1)}: the sifted key Alice's modem reserved for this
 * handshake, which Bob's modem looks up by the same reference, and the discussion parameters
 * (threshold and fraction in units of 1/10000; epsSec = 2^-security_exponent) both sides then use.
 */
public record SiftedKeyReference(
        byte[] reference,
        int siftedBits,
        int qberThresholdBasisPoints,
        int sampleFractionBasisPoints,
        int securityExponent)
        implements HandshakeMessage {
    public static final int MAX_REFERENCE = 64;

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
        r.expectEnd();
        return new SiftedKeyReference(ref, (int) bits, threshold, fraction, exponent);
    }
}
