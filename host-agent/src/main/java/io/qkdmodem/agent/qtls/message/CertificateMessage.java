package io.qkdmodem.agent.qtls.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Certificate (RFC 5246 section 7.4.2): {@code certificate_list<0..2^24-1>} of DER certificates
 * {@code ASN.1Cert<1..2^24-1>}, the sender's own first.
 */
public record CertificateMessage(List<byte[]> chain) implements HandshakeMessage {
    public static final int MAX_CHAIN_BYTES = 1 << 16;

    @Override
    public int type() {
        return HandshakeType.CERTIFICATE;
    }

    @Override
    public byte[] encodeBody() {
        ByteWriter list = new ByteWriter();
        chain.forEach(list::opaque24);
        return new ByteWriter().opaque24(list.toByteArray()).toByteArray();
    }

    public static CertificateMessage decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        byte[] list = r.opaque24(MAX_CHAIN_BYTES);
        r.expectEnd();
        ByteReader lr = new ByteReader(list);
        List<byte[]> chain = new ArrayList<>();
        while (lr.remaining() > 0) {
            byte[] der = lr.opaque24(MAX_CHAIN_BYTES);
            if (der.length == 0) {
                throw new DecodeException("empty certificate");
            }
            chain.add(der);
        }
        return new CertificateMessage(List.copyOf(chain));
    }
}
