package io.qkdmodem.protocol.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the host side: identity, the pairing secret, and the retransmission policy. {@link
 * Builder#build()} states the rule a bad value breaks.
 */
public final class HostConfig {

    private final byte[] hostId;
    private final String softwareVersion;
    private final PairingSecret secret;
    private final Duration responseTimeout;
    private final int maxRetransmits;
    private final byte[] expectedDeviceId;
    private final int fetchChunk;
    private final long requestEpoch;

    private HostConfig(Builder b) {
        this.hostId = b.hostId.clone();
        this.softwareVersion = b.softwareVersion;
        this.secret = b.secret;
        this.responseTimeout = b.responseTimeout;
        this.maxRetransmits = b.maxRetransmits;
        this.expectedDeviceId = b.expectedDeviceId == null ? null : b.expectedDeviceId.clone();
        this.fetchChunk = b.fetchChunk;
        this.requestEpoch = b.requestEpoch != null ? b.requestEpoch : new SecureRandom().nextLong();
    }

    /**
     * The epoch this host's RESERVE requests carry: random per configuration unless set, so an
     * agent that builds its configuration once per process gets a new epoch at every restart (its
     * request ids can never name an earlier instance's reservations), and keeps it across
     * reconnects (a retried RESERVE after a cable pull or modem restart names the same one).
     */
    public long requestEpoch() {
        return requestEpoch;
    }

    public static Builder builder(byte[] hostId, PairingSecret secret) {
        return new Builder(hostId, secret);
    }

    public byte[] hostId() {
        return hostId.clone();
    }

    public String softwareVersion() {
        return softwareVersion;
    }

    public PairingSecret secret() {
        return secret;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public int maxRetransmits() {
        return maxRetransmits;
    }

    /** The device id the host is paired with, or {@code null} to accept any (first pairing). */
    public byte[] expectedDeviceId() {
        return expectedDeviceId == null ? null : expectedDeviceId.clone();
    }

    /** Bytes asked for per FETCH (the flow-control credit). */
    public int fetchChunk() {
        return fetchChunk;
    }

    /** Builder with defaults: 500 ms timeout, 5 retransmits, 4096-byte fetch chunks. */
    public static final class Builder {
        private final byte[] hostId;
        private final PairingSecret secret;
        private String softwareVersion = "qkd-host-agent";
        private Duration responseTimeout = Duration.ofMillis(500);
        private int maxRetransmits = 5;
        private byte[] expectedDeviceId;
        private int fetchChunk = 4096;
        private Long requestEpoch;

        private Builder(byte[] hostId, PairingSecret secret) {
            this.hostId = hostId.clone();
            this.secret = Objects.requireNonNull(secret);
        }

        public Builder softwareVersion(String v) {
            this.softwareVersion = Objects.requireNonNull(v);
            return this;
        }

        /** Time to wait for a response before retransmitting: 1 ms..60 s. */
        public Builder responseTimeout(Duration d) {
            this.responseTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Retransmissions after the first attempt: 0..100. */
        public Builder maxRetransmits(int n) {
            this.maxRetransmits = n;
            return this;
        }

        /** Pins the modem: HELLO from another device id fails the connection. */
        public Builder expectedDeviceId(byte[] id) {
            this.expectedDeviceId = id.clone();
            return this;
        }

        /** 1..{@link ModemSession#MAX_CHUNK} bytes per FETCH. */
        public Builder fetchChunk(int n) {
            this.fetchChunk = n;
            return this;
        }

        /** A fixed RESERVE epoch (tests, or an agent that keeps its epoch durably). */
        public Builder requestEpoch(long epoch) {
            this.requestEpoch = epoch;
            return this;
        }

        public HostConfig build() {
            if (hostId.length < 1 || hostId.length > 64) {
                throw new IllegalArgumentException("host id must have 1..64 bytes");
            }
            if (responseTimeout.toMillis() < 1
                    || responseTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new IllegalArgumentException("response timeout must be 1 ms..60 s");
            }
            if (maxRetransmits < 0 || maxRetransmits > 100) {
                throw new IllegalArgumentException("max retransmits must be 0..100");
            }
            if (fetchChunk < 1 || fetchChunk > ModemSession.MAX_CHUNK) {
                throw new IllegalArgumentException(
                        "fetch chunk must be 1.." + ModemSession.MAX_CHUNK + " bytes");
            }
            if (softwareVersion.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("software version longer than 255 bytes");
            }
            return new HostConfig(this);
        }
    }
}
