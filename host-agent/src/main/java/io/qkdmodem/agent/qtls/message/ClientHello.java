package io.qkdmodem.agent.qtls.message;

import java.util.ArrayList;
import java.util.List;

/**
 * ClientHello (RFC 5246 section 7.4.1.2 shape): {@code client_version(2) random(32)
 * session_id<0..32> cipher_suites<2..2^16-2> compression_methods<1..255>} followed by our fields
 * {@code qkd_configuration<0..2^16-1>} (the QKD Configuration message both sides agreed, so the
 * transcript covers it), {@code mode(1)} (0 default, 1 paper), {@code
 * signature_algorithms<2..2^16-2>} and {@code mlkem_public_key<0..2^16-1>} (empty unless a hybrid
 * suite is offered).
 */
public record ClientHello(
        int version,
        byte[] random,
        byte[] sessionId,
        List<Integer> cipherSuites,
        byte[] qkdConfiguration,
        int mode,
        List<Integer> signatureAlgorithms,
        byte[] mlkemPublicKey)
        implements HandshakeMessage {
    public static final int RANDOM_LENGTH = 32;
    public static final int MAX_SESSION_ID = 32;

    @Override
    public int type() {
        return HandshakeType.CLIENT_HELLO;
    }

    @Override
    public byte[] encodeBody() {
        ByteWriter suites = new ByteWriter();
        cipherSuites.forEach(suites::u16);
        ByteWriter sigs = new ByteWriter();
        signatureAlgorithms.forEach(sigs::u16);
        return new ByteWriter()
                .u16(version)
                .bytes(random)
                .opaque8(sessionId)
                .opaque16(suites.toByteArray())
                .opaque8(new byte[] {0})
                .opaque16(qkdConfiguration)
                .u8(mode)
                .opaque16(sigs.toByteArray())
                .opaque16(mlkemPublicKey)
                .toByteArray();
    }

    public static ClientHello decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        int version = r.u16();
        byte[] random = r.bytes(RANDOM_LENGTH);
        byte[] sid = r.opaque8(MAX_SESSION_ID);
        List<Integer> suites = u16List(r.opaque16(0xFFFE), "cipher_suites");
        byte[] compression = r.opaque8(255);
        if (compression.length < 1) {
            throw new DecodeException("empty compression_methods");
        }
        byte[] config = r.opaque16(0xFFFF);
        int mode = r.u8();
        List<Integer> sigs = u16List(r.opaque16(0xFFFE), "signature_algorithms");
        byte[] pk = r.opaque16(0xFFFF);
        r.expectEnd();
        return new ClientHello(version, random, sid, suites, config, mode, sigs, pk);
    }

    static List<Integer> u16List(byte[] v, String what) throws DecodeException {
        if (v.length < 2 || v.length % 2 != 0) {
            throw new DecodeException(what + " length " + v.length);
        }
        ByteReader r = new ByteReader(v);
        List<Integer> out = new ArrayList<>();
        while (r.remaining() > 0) {
            out.add(r.u16());
        }
        return List.copyOf(out);
    }
}
