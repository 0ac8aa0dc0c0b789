package io.qkdmodem.rig.testing;

import io.qkdmodem.rig.orchestration.AgentPair;
import io.qkdmodem.rig.orchestration.AgentPairFactory;
import io.qkdmodem.rig.orchestration.HandshakeAbortedException;
import io.qkdmodem.rig.orchestration.ModemPair;
import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.theory.KeyRateTheory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake pipeline for testing the rig's run logic alone: modems whose counters grow on each poll,
 * and an agent pair whose "tunnel" is a plain TCP connection to the echo service (no Quantum TLS),
 * or that aborts. Never used outside tests.
 */
public final class FakePipeline {

    public final AtomicBoolean modemsClosed = new AtomicBoolean();
    public final AtomicBoolean agentsClosed = new AtomicBoolean();
    public volatile ModemPairFactory.Spec modemSpec;
    private final String abortReason;

    public FakePipeline(String abortReason) {
        this.abortReason = abortReason;
    }

    public Pipeline pipeline() {
        ModemPairFactory modems =
                (spec, teardown) -> {
                    modemSpec = spec;
                    AtomicLong polls = new AtomicLong();
                    return teardown.add(
                            "fake modems",
                            new ModemPair() {
                                @Override
                                public long pulsesSent() {
                                    return polls.get() * 1000;
                                }

                                @Override
                                public long siftedBitsAvailable() {
                                    return polls.incrementAndGet() * 65_536L;
                                }

                                @Override
                                public double monitoredQber() {
                                    return 0.03;
                                }

                                @Override
                                public void close() {
                                    modemsClosed.set(true);
                                }
                            });
                };
        AgentPairFactory agents =
                (spec, teardown) ->
                        teardown.add(
                                "fake agents",
                                new AgentPair() {
                                    @Override
                                    public TunnelSession connect()
                                            throws HandshakeAbortedException {
                                        if (abortReason != null) {
                                            throw new HandshakeAbortedException(
                                                    abortReason, 0.26, 12);
                                        }
                                        try {
                                            Socket s =
                                                    new Socket(
                                                            spec.forwardTo().getAddress(),
                                                            spec.forwardTo().getPort());
                                            return new TunnelSession() {
                                                @Override
                                                public InputStream in() {
                                                    try {
                                                        return s.getInputStream();
                                                    } catch (java.io.IOException e) {
                                                        throw new IllegalStateException(e);
                                                    }
                                                }

                                                @Override
                                                public OutputStream out() {
                                                    try {
                                                        return s.getOutputStream();
                                                    } catch (java.io.IOException e) {
                                                        throw new IllegalStateException(e);
                                                    }
                                                }

                                                @Override
                                                public HandshakeFigures figures() {
                                                    return new HandshakeFigures(
                                                            8192, 0.03, 4096, 7);
                                                }

                                                @Override
                                                public void close() throws Exception {
                                                    s.close();
                                                }
                                            };
                                        } catch (java.io.IOException e) {
                                            throw new IllegalStateException(e);
                                        }
                                    }

                                    @Override
                                    public void close() {
                                        agentsClosed.set(true);
                                    }
                                });
        KeyRateTheory theory =
                new KeyRateTheory() {
                    @Override
                    public double asymptoticBitsPerPulse(ChannelModel channel) {
                        return 1e-3;
                    }

                    @Override
                    public double plobBitsPerPulse(ChannelModel channel) {
                        return 1;
                    }

                    @Override
                    public String source() {
                        return "fake";
                    }
                };
        return new Pipeline(modems, agents, theory);
    }
}
