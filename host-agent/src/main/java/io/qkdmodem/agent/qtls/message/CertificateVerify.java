package io.qkdmodem.agent.qtls.message;

/**
 * CertificateVerify (RFC 5246 section 7.4.8 with the 1.2 {@code DigitallySigned} shape): {@code
 * signature_algorithm(2) signature<0..2^16-1>}.
 */
public record CertificateVerify(int algorithm, byte[] signature) implements HandshakeMessage {

    @Override
    public int type() {
        return HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter().u16(algorithm).opaque16(signature).toByteArray();
    }

    public static CertificateVerify decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        int alg = r.u16();
        byte[] sig = r.opaque16(0xFFFF);
        r.expectEnd();
        return new CertificateVerify(alg, sig);
    }
}
