package io.qkdmodem.agent.qtls.crypto;

import java.security.PublicKey;

/** Signature algorithms for CertificateVerify, with their TLS SignatureScheme code points. */
public enum SignatureScheme {
    /** ecdsa_secp256r1_sha256 (RFC 8446 section 4.2.3). */
    ECDSA_SECP256R1_SHA256(0x0403, "SHA256withECDSA"),
    /** ed25519 (RFC 8446 section 4.2.3, RFC 8032). */
    ED25519(0x0807, "Ed25519");

    private final int code;
    private final String jcaName;

    SignatureScheme(int code, String jcaName) {
        this.code = code;
        this.jcaName = jcaName;
    }

    public int code() {
        return code;
    }

    public String jcaName() {
        return jcaName;
    }

    public static SignatureScheme fromCode(int code) {
        for (SignatureScheme s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** The scheme for a key, or null when the key type is not supported. */
    public static SignatureScheme forKey(java.security.Key key) {
        String alg = key.getAlgorithm();
        if ("EC".equals(alg) || "ECDSA".equals(alg)) {
            if (key instanceof PublicKey pk && !isP256(pk)) {
                return null;
            }
            return ECDSA_SECP256R1_SHA256;
        }
        if ("Ed25519".equals(alg) || "EdDSA".equals(alg)) {
            return ED25519;
        }
        return null;
    }

    private static boolean isP256(PublicKey pk) {
        if (pk instanceof java.security.interfaces.ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() == 256;
        }
        return true;
    }
}
