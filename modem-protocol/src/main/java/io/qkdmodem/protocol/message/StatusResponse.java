package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.wire.ByteWriter;

/**
 * STATUS answer. Payload (43 bytes): availableBits u64, reservedBits u64, poolBits u64, linkState
 * u8 (0 down, 1 establishing, 2 up), health u8 (0 ok, 1 degraded, 2 fault), qberPpm u32,
 * blocksStored u32, framesReceived u32, framesRejected u32, authenticated u8 (1 if the session that
 * asks is authenticated).
 */
public record StatusResponse(
        long availableBits,
        long reservedBits,
        long poolBits,
        int linkState,
        int health,
        long qberPpm,
        long blocksStored,
        long framesReceived,
        long framesRejected,
        boolean authenticated)
        implements Message {

    public static final int LINK_DOWN = 0;
    public static final int LINK_ESTABLISHING = 1;
    public static final int LINK_UP = 2;
    public static final int HEALTH_OK = 0;
    public static final int HEALTH_DEGRADED = 1;
    public static final int HEALTH_FAULT = 2;

    /** This status as seen by a session that is (or is not) authenticated. */
    public StatusResponse withAuthenticated(boolean a) {
        return new StatusResponse(
                availableBits,
                reservedBits,
                poolBits,
                linkState,
                health,
                qberPpm,
                blocksStored,
                framesReceived,
                framesRejected,
                a);
    }

    /** This status with the session's frame counters. */
    public StatusResponse withCounters(long received, long rejected) {
        return new StatusResponse(
                availableBits,
                reservedBits,
                poolBits,
                linkState,
                health,
                qberPpm,
                blocksStored,
                received & 0xFFFF_FFFFL,
                rejected & 0xFFFF_FFFFL,
                authenticated);
    }

    @Override
    public MessageType type() {
        return MessageType.STATUS;
    }

    @Override
    public boolean isResponse() {
        return true;
    }

    @Override
    public void writePayload(ByteWriter w) {
        w.u64(availableBits)
                .u64(reservedBits)
                .u64(poolBits)
                .u8(linkState)
                .u8(health)
                .u32(qberPpm)
                .u32(blocksStored)
                .u32(framesReceived)
                .u32(framesRejected)
                .u8(authenticated ? 1 : 0);
    }
}
