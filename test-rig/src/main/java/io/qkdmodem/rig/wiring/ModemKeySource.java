package io.qkdmodem.rig.wiring;

import io.qkdmodem.agent.qtls.crypto.QtlsSecret;
import io.qkdmodem.agent.qtls.keysource.KeyReference;
import io.qkdmodem.agent.qtls.keysource.KeySourceException;
import io.qkdmodem.agent.qtls.keysource.SiftedKey;
import io.qkdmodem.agent.qtls.keysource.SiftedKeySource;
import io.qkdmodem.protocol.driver.KeyMaterial;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.session.ProtocolException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake's sifted-key source over the modem protocol: RESERVE and FETCH on the server's
 * side, RESERVE by the peer's reference and FETCH on the client's, CONSUME after the discussion,
 * REPLENISH of the modem link's authentication pool. A rig-side adapter over {@link ModemClient};
 * key material is zeroized as soon as it has been handed over.
 */
final class ModemKeySource implements SiftedKeySource {

    private static final Logger LOG = LoggerFactory.getLogger(ModemKeySource.class);

    private final String name;
    private final ModemClient client;
    private final AtomicLong requestIds;

    ModemKeySource(String name, ModemClient client, long firstRequestId) {
        this.name = name;
        this.client = client;
        this.requestIds = new AtomicLong(firstRequestId);
    }

    @Override
    public synchronized SiftedKey reserve(int bits) throws KeySourceException {
        try {
            KeyRef ref = client.reserve(requestIds.incrementAndGet(), bits);
            return fetchAs(ref, bits);
        } catch (ProtocolException e) {
            throw failure(name + ": reserve " + bits + " bits: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized SiftedKey fetch(KeyReference reference, int bits)
            throws KeySourceException {
        try {
            KeyRef peer = KeyRef.of(reference.id());
            KeyRef ref = client.reserveReference(requestIds.incrementAndGet(), peer, bits);
            return fetchAs(ref, bits);
        } catch (ProtocolException | IllegalArgumentException e) {
            throw failure(name + ": fetch by reference: " + e.getMessage(), e);
        }
    }

    private SiftedKey fetchAs(KeyRef ref, int bits) throws ProtocolException {
        KeyMaterial m = client.fetch(ref);
        try {
            byte[] packed = m.copy();
            int want = (bits + 7) / 8;
            byte[] exact = packed.length == want ? packed : Arrays.copyOf(packed, want);
            if (exact != packed) {
                Arrays.fill(packed, (byte) 0);
            }
            return new SiftedKey(new KeyReference(ref.bytes()), bits, exact);
        } finally {
            m.destroy();
        }
    }

    private static KeySourceException failure(String message, Exception e) {
        KeySourceException.Reason reason = KeySourceException.Reason.UNAVAILABLE;
        if (e instanceof ProtocolException pe && pe.code() != null) {
            reason =
                    switch (pe.code()) {
                        case INSUFFICIENT_KEY -> KeySourceException.Reason.INSUFFICIENT_KEY;
                        case UNKNOWN_REFERENCE -> KeySourceException.Reason.UNKNOWN_REFERENCE;
                        case ALREADY_CONSUMED -> KeySourceException.Reason.ALREADY_CONSUMED;
                        default -> KeySourceException.Reason.UNAVAILABLE;
                    };
        }
        return new KeySourceException(reason, message, e);
    }

    @Override
    public synchronized void consume(KeyReference reference) throws KeySourceException {
        try {
            client.consume(KeyRef.of(reference.id()));
        } catch (ProtocolException e) {
            throw failure(name + ": consume: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(KeyReference reference) {
        // The modem protocol has no RELEASE: an unused reservation stays reserved (never served
        // for anything else), which is the safe side.
        LOG.info("{}: reservation not used; it stays reserved on the modem", name);
    }

    @Override
    public synchronized void replenish(QtlsSecret key) throws KeySourceException {
        byte[] bytes = key.extract();
        try {
            client.replenish(requestIds.incrementAndGet(), bytes);
        } catch (ProtocolException e) {
            throw failure(name + ": replenish: " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public synchronized Status status() throws KeySourceException {
        try {
            StatusResponse s = client.status();
            return new Status(name, s.availableBits(), s.reservedBits(), 0);
        } catch (ProtocolException e) {
            throw failure(name + ": status: " + e.getMessage(), e);
        }
    }
}
