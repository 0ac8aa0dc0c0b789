package io.qkdmodem.protocol.session;

import io.qkdmodem.protocol.frame.Frame;
import io.qkdmodem.protocol.frame.FrameEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key derivation and frame protection of the modem link (docs/protocol/modem-link.md, "Session
 * crypto"):
 *
 * <pre>
 * K_pair      = HMAC-SHA256(pairing secret, "qkd-modem pairing v1" | u8 len | device id)
 * th          = SHA-256(HELLO request payload | HELLO response payload)
 * host proof  = HMAC-SHA256(K_pair, "host proof" | th)
 * modem proof = HMAC-SHA256(K_pair, "modem proof" | th)
 * K_h2m       = HMAC-SHA256(K_pair, "host to modem key" | th)
 * K_m2h       = HMAC-SHA256(K_pair, "modem to host key" | th)
 * nonce (12)  = direction u8 | kind u8 | 6 zero bytes | seq u32
 * </pre>
 *
 * An authenticated frame's payload is {@code plaintext | tag16} where the tag is AES-256-GCM over
 * AAD = header | plaintext with an empty message; an encrypted frame's payload is the AES-256-GCM
 * ciphertext with AAD = header. The header is the 9-byte frame header with the final length.
 */
public final class LinkCrypto {

    public static final int TAG_LENGTH = 16;
    public static final int DIR_HOST_TO_MODEM = 0x01;
    public static final int DIR_MODEM_TO_HOST = 0x02;
    public static final int KIND_REQUEST = 0x00;
    public static final int KIND_RESPONSE = 0x01;
    public static final int KIND_EVENT = 0x02;

    private LinkCrypto() {}

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] label(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** K_pair: the pairing secret bound to one modem's device id. */
    static byte[] pairingKey(PairingSecret secret, byte[] deviceId) {
        return hmac(
                secret.bytes(),
                label("qkd-modem pairing v1"),
                new byte[] {(byte) deviceId.length},
                deviceId);
    }

    static byte[] transcriptHash(byte[] helloRequestPayload, byte[] helloResponsePayload) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(helloRequestPayload);
            md.update(helloResponsePayload);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The per-connection secrets derived after HELLO. Destroy when the session ends. */
    static final class SessionSecrets {
        final byte[] hostProof;
        final byte[] modemProof;
        final byte[] keyH2m;
        final byte[] keyM2h;

        SessionSecrets(PairingSecret secret, byte[] deviceId, byte[] th) {
            byte[] kPair = pairingKey(secret, deviceId);
            hostProof = hmac(kPair, label("host proof"), th);
            modemProof = hmac(kPair, label("modem proof"), th);
            keyH2m = hmac(kPair, label("host to modem key"), th);
            keyM2h = hmac(kPair, label("modem to host key"), th);
            Arrays.fill(kPair, (byte) 0);
        }

        void destroy() {
            Arrays.fill(hostProof, (byte) 0);
            Arrays.fill(modemProof, (byte) 0);
            Arrays.fill(keyH2m, (byte) 0);
            Arrays.fill(keyM2h, (byte) 0);
        }
    }

    static byte[] nonce(int direction, int kind, long seq) {
        byte[] n = new byte[12];
        n[0] = (byte) direction;
        n[1] = (byte) kind;
        n[8] = (byte) (seq >>> 24);
        n[9] = (byte) (seq >>> 16);
        n[10] = (byte) (seq >>> 8);
        n[11] = (byte) seq;
        return n;
    }

    /**
     * Builds a protected frame: flags gain AUTHENTICATED (and ENCRYPTED if {@code encrypt}). {@code
     * plaintext} is not modified.
     */
    static Frame seal(
            byte[] key,
            int direction,
            int kind,
            int version,
            int type,
            int flags,
            long seq,
            byte[] plaintext,
            boolean encrypt) {
        int f = flags | Frame.FLAG_AUTHENTICATED | (encrypt ? Frame.FLAG_ENCRYPTED : 0);
        int len = plaintext.length + TAG_LENGTH;
        byte[] header = new byte[FrameEncoder.HEADER_LENGTH];
        FrameEncoder.writeHeader(header, 0, version, type, f, seq, len);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, nonce(direction, kind, seq)));
            c.updateAAD(header);
            byte[] payload;
            if (encrypt) {
                payload = c.doFinal(plaintext);
            } else {
                c.updateAAD(plaintext);
                byte[] tag = c.doFinal();
                payload = Arrays.copyOf(plaintext, len);
                System.arraycopy(tag, 0, payload, plaintext.length, TAG_LENGTH);
            }
            return new Frame(version, type, f, seq, payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /**
     * Verifies (and decrypts) a protected frame.
     *
     * @return the plaintext payload, or {@code null} if the tag does not verify
     */
    static byte[] open(byte[] key, int direction, int kind, Frame frame) {
        byte[] p = frame.payload();
        if (p.length < TAG_LENGTH || !frame.hasFlag(Frame.FLAG_AUTHENTICATED)) {
            return null;
        }
        byte[] header = FrameEncoder.header(frame);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, nonce(direction, kind, frame.seq())));
            c.updateAAD(header);
            if (frame.hasFlag(Frame.FLAG_ENCRYPTED)) {
                return c.doFinal(p);
            }
            c.updateAAD(p, 0, p.length - TAG_LENGTH);
            c.doFinal(p, p.length - TAG_LENGTH, TAG_LENGTH);
            return Arrays.copyOf(p, p.length - TAG_LENGTH);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
