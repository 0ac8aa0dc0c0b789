package io.qkdmodem.agent.qtls.keysource;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.protocol.driver.KeyMaterial;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.session.ProtocolException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@link SiftedKeySource} over the modem link (modem-protocol's {@link ModemClient}): RESERVE and
 * FETCH on Alice's side, RESERVE by reference and FETCH on Bob's, CONSUME, REPLENISH, STATUS.
 * Request ids are random per call, so a retransmitted request stays idempotent at the modem. The
 * modem protocol has no un-reserve, so {@link #release} leaves the reservation to the modem.
 */
public final class ModemSiftedKeySource implements SiftedKeySource {
    private final ModemClient client;
    private final SecureRandom ids = new SecureRandom();

    public ModemSiftedKeySource(ModemClient client) {
        this.client = client;
    }

    @Override
    public SiftedKey reserve(int bits) throws KeySourceException {
        try {
            KeyRef ref = client.reserve(ids.nextLong(), bits);
            return load(ref, bits);
        } catch (ProtocolException e) {
            throw translate(e);
        }
    }

    @Override
    public SiftedKey fetch(KeyReference reference, int bits) throws KeySourceException {
        try {
            KeyRef ref = client.reserveReference(ids.nextLong(), KeyRef.of(reference.id()), bits);
            return load(ref, bits);
        } catch (ProtocolException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(
                    KeySourceException.Reason.UNKNOWN_REFERENCE, "not a modem key reference");
        }
    }

    private SiftedKey load(KeyRef ref, int bits) throws ProtocolException, KeySourceException {
        KeyMaterial m = client.fetch(ref);
        byte[] b = m.copy();
        m.destroy();
        if (b.length != (bits + 7) / 8) {
            Arrays.fill(b, (byte) 0);
            throw new KeySourceException(
                    KeySourceException.Reason.UNAVAILABLE,
                    "modem returned " + b.length + " bytes for " + bits + " bits");
        }
        return new SiftedKey(new KeyReference(ref.bytes()), bits, b);
    }

    @Override
    public void consume(KeyReference reference) throws KeySourceException {
        try {
            client.consume(KeyRef.of(reference.id()));
        } catch (ProtocolException e) {
            throw translate(e);
        }
    }

    @Override
    public void release(KeyReference reference) {
        // The modem link has no un-reserve; the reservation stays until the modem drops it.
    }

    @Override
    public void replenish(QtlsSecret key) throws KeySourceException {
        byte[] b = key.extract();
        try {
            client.replenish(ids.nextLong(), b);
        } catch (ProtocolException e) {
            throw translate(e);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    @Override
    public Status status() throws KeySourceException {
        try {
            StatusResponse s = client.status();
            String id = HexFormat.of().formatHex(client.modemHello().deviceId());
            return new Status(
                    "modem "
                            + id
                            + " (link "
                            + linkState(s.linkState())
                            + ", QBER "
                            + s.qberPpm() / 1e4
                            + " %)",
                    s.availableBits(),
                    s.reservedBits(),
                    s.poolBits() / 8);
        } catch (ProtocolException e) {
            throw translate(e);
        }
    }

    private static String linkState(int v) {
        return switch (v) {
            case StatusResponse.LINK_UP -> "up";
            case StatusResponse.LINK_ESTABLISHING -> "establishing";
            default -> "down";
        };
    }

    private static KeySourceException translate(ProtocolException e) {
        ErrorCode c = e.code();
        KeySourceException.Reason r =
                c == ErrorCode.INSUFFICIENT_KEY
                        ? KeySourceException.Reason.INSUFFICIENT_KEY
                        : c == ErrorCode.UNKNOWN_REFERENCE
                                ? KeySourceException.Reason.UNKNOWN_REFERENCE
                                : c == ErrorCode.ALREADY_CONSUMED
                                        ? KeySourceException.Reason.ALREADY_CONSUMED
                                        : KeySourceException.Reason.UNAVAILABLE;
        return new KeySourceException(r, "modem: " + e.getMessage(), e);
    }
}
