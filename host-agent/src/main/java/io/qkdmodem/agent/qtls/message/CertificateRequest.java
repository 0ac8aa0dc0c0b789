package io.qkdmodem.agent.qtls.message;

import java.util.List;

/**
 * CertificateRequest (RFC 5246 section 7.4.4): {@code certificate_types<1..255>
 * supported_signature_algorithms<2..2^16-2> certificate_authorities<0..2^16-1>}. We send type 64
 * (ecdsa_sign) and leave certificate_authorities empty.
 */
public record CertificateRequest(byte[] certificateTypes, List<Integer> signatureAlgorithms)
        implements HandshakeMessage {
    public static final int ECDSA_SIGN = 64;

    @Override
    public int type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    @Override
    public byte[] encodeBody() {
        ByteWriter sigs = new ByteWriter();
        signatureAlgorithms.forEach(sigs::u16);
        return new ByteWriter()
                .opaque8(certificateTypes)
                .opaque16(sigs.toByteArray())
                .opaque16(new byte[0])
                .toByteArray();
    }

    public static CertificateRequest decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] types = r.opaque8(255);
        if (types.length == 0) {
            throw new DecodeException("empty certificate_types");
        }
        List<Integer> sigs = ClientHello.u16List(r.opaque16(0xFFFE), "signature_algorithms");
        r.opaque16(0xFFFF);
        r.expectEnd();
        return new CertificateRequest(types, sigs);
    }
}
