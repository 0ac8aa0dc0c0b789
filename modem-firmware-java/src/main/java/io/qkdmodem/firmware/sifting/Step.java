package io.qkdmodem.firmware.sifting;

import io.qkdmodem.firmware.link.LinkMessage;
import io.qkdmodem.keystore.KeyBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sifting state machine asks its driver to do, in this order: drop a block from the store,
 * append a block durably (and only then) send the messages, announce a block to the host, raise
 * alarms. If the append fails, the driver tells the machine ({@code onStoreFailure}) and sends
 * nothing of this step.
 */
public final class Step {
    private long dropBlockId = -1;
    private KeyBlock append;
    private final List<LinkMessage> send = new ArrayList<>(2);
    private long announceBlockId = -1;
    private final List<String> alarms = new ArrayList<>(1);

    static Step none() {
        return new Step();
    }

    Step send(LinkMessage m) {
        send.add(m);
        return this;
    }

    Step append(KeyBlock b) {
        append = b;
        return this;
    }

    Step drop(long blockId) {
        dropBlockId = blockId;
        return this;
    }

    Step announce(long blockId) {
        announceBlockId = blockId;
        return this;
    }

    Step alarm(String what) {
        alarms.add(what);
        return this;
    }

    /** A block the store must drop (zeroize), or -1. */
    public long dropBlockId() {
        return dropBlockId;
    }

    /** The block to append before sending, or null. The driver destroys its bits afterwards. */
    public KeyBlock append() {
        return append;
    }

    public List<LinkMessage> messages() {
        return send;
    }

    /** A block now held by both modems, to announce to the host, or -1. */
    public long announceBlockId() {
        return announceBlockId;
    }

    /** Alarm descriptions (never key material). */
    public List<String> alarms() {
        return alarms;
    }
}
