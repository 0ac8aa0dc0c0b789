package io.qkdmodem.rig.run;

import io.qkdmodem.rig.orchestration.AgentPair;
import io.qkdmodem.rig.orchestration.AgentPair.TunnelSession;
import io.qkdmodem.rig.orchestration.AgentPairFactory;
import io.qkdmodem.rig.orchestration.EchoServer;
import io.qkdmodem.rig.orchestration.HandshakeAbortedException;
import io.qkdmodem.rig.orchestration.HostLinks;
import io.qkdmodem.rig.orchestration.Leftovers;
import io.qkdmodem.rig.orchestration.ModemPair;
import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.Provisioning;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.orchestration.Teardown;
import io.qkdmodem.rig.orchestration.Workspace;
import io.qkdmodem.rig.progress.Progress;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.DemoResult;
import io.qkdmodem.rig.scenario.SerialMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One demo run: workspace, serial cables, modems, key accumulation with progress, the agents and
 * the tunnel in front of an echo service, one Quantum TLS session, data through and back, and a
 * teardown that always runs.
 */
public final class DemoRun {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);

    private final Pipeline pipeline;
    private final Progress progress;

    public DemoRun(Pipeline pipeline, Progress progress) {
        this.pipeline = pipeline;
        this.progress = progress;
    }

    public DemoResult run(DemoRequest request) throws RigException {
        long start = System.nanoTime();
        SerialMode serial = request.rig().serialModeFor(request.serial());
        ChannelModel channel =
                ChannelModel.standard(
                        request.profile(), request.distanceKm(), request.eveFraction());
        Measured m;
        Workspace workspace;
        Leftovers.clean(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            workspace = Workspace.create();
        } catch (IOException e) {
            throw new RigException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try (Teardown teardown = new Teardown()) {
            teardown.add("workspace", workspace);
            m = runIn(request, serial, channel, workspace, teardown);
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        return new DemoResult(
                request.distanceKm(),
                request.eveFraction(),
                request.profile(),
                serial,
                m.pulses,
                m.siftedBits,
                m.siftedBitsUsed,
                m.qber,
                m.monitorQber,
                m.secretBits,
                m.singlePhotonBits,
                m.handshakeMs,
                m.abortReason != null,
                m.abortReason,
                m.bytesEchoed,
                elapsed);
    }

    private static final class Measured {
        long pulses;
        long siftedBits;
        long siftedBitsUsed;
        double monitorQber = Double.NaN;
        double qber = Double.NaN;
        long secretBits;
        long singlePhotonBits;
        long handshakeMs;
        String abortReason;
        long bytesEchoed;
    }

    private Measured runIn(
            DemoRequest request,
            SerialMode serial,
            ChannelModel channel,
            Workspace workspace,
            Teardown teardown)
            throws RigException {
        Measured m = new Measured();
        HostLinks links = pipeline.modems().openLinks(serial, request.rig(), workspace, teardown);
        Provisioning provisioning;
        try {
            provisioning = Provisioning.forRig(request.rig(), workspace);
        } catch (IOException e) {
            throw new RigException("cannot write the bench's secrets: " + e.getMessage(), e);
        }
        progress.note(
                "serial links: "
                        + links.cable(io.qkdmodem.rig.orchestration.Role.ALICE).description());
        ModemPair modems =
                pipeline.modems()
                        .start(
                                new ModemPairFactory.Spec(
                                        channel,
                                        request.profile(),
                                        request.seed(),
                                        workspace,
                                        links,
                                        provisioning),
                                teardown);
        progress.note(
                String.format(
                        java.util.Locale.ROOT,
                        "modems up: %.1f km fiber, eavesdropper on %.0f %% of pulses, %s profile",
                        channel.distanceKm(),
                        100 * channel.eveFraction(),
                        request.profile().cliName()));
        accumulate(modems, request, channel);
        m.pulses = modems.pulsesSent();
        m.siftedBits = modems.siftedBitsAvailable();
        m.monitorQber = modems.monitoredQber();
        modems.handOverHostLinks();

        EchoServer echo;
        try {
            echo = teardown.add("echo service", EchoServer.start());
        } catch (IOException e) {
            throw new RigException(
                    "cannot start the echo service on loopback: " + e.getMessage(), e);
        }
        AgentPair agents =
                pipeline.agents()
                        .start(
                                new AgentPairFactory.Spec(
                                        request.profile(),
                                        links,
                                        provisioning,
                                        echo.address(),
                                        request.seed(),
                                        workspace),
                                teardown);
        progress.note("host agents up; opening a Quantum TLS session through the tunnel");
        try (TunnelSession session = agents.connect()) {
            m.siftedBitsUsed = session.figures().siftedBitsUsed();
            m.qber = session.figures().qber();
            m.secretBits = session.figures().secretBits();
            m.singlePhotonBits = session.figures().singlePhotonBits();
            m.handshakeMs = session.figures().handshakeMs();
            progress.note(
                    String.format(
                            java.util.Locale.ROOT,
                            "handshake done in %d ms: QBER %.2f %%, %d secret bits distilled (%s"
                                    + " source model)",
                            m.handshakeMs,
                            100 * m.qber,
                            m.secretBits,
                            request.profile().sourceModel()));
            m.bytesEchoed = request.echoBytes() == 0 ? 0 : echo(session, request);
        } catch (HandshakeAbortedException e) {
            m.abortReason = e.getMessage();
            m.qber = e.qber();
            m.handshakeMs = e.handshakeMs();
            progress.note("handshake aborted: " + e.getMessage());
        } catch (RigException e) {
            throw e;
        } catch (Exception e) {
            throw new RigException("tunnel session failed: " + e.getMessage(), e);
        }
        return m;
    }

    private void accumulate(ModemPair modems, DemoRequest request, ChannelModel channel)
            throws RigException {
        long want = request.siftedBitsWanted();
        // The modems announce key a whole block at a time, so until the block lands the bar shows
        // pulses sent against the pulses the channel should need (an estimate, capped at 99 %).
        long expectedPulses =
                (long) Math.ceil(want / Math.max(1e-12, channel.expectedSiftedPerPulse()));
        long deadline = System.nanoTime() + request.accumulateTimeout().toNanos();
        long t0 = System.nanoTime();
        while (true) {
            long have = modems.siftedBitsAvailable();
            if (have >= want) {
                progress.update("sifted key", want, want, "bits");
                break;
            }
            long pulses = modems.pulsesSent();
            progress.update(
                    "sifted key",
                    Math.min(pulses, expectedPulses * 99 / 100),
                    expectedPulses,
                    "pulses of the expected need");
            if (System.nanoTime() > deadline) {
                throw new RigException(
                        String.format(
                                java.util.Locale.ROOT,
                                "no %d-bit key block after %d s (%d pulses sent, about %d"
                                        + " expected); raise --timeout-s or lower --sifted-bits for"
                                        + " this link",
                                want,
                                request.accumulateTimeout().toSeconds(),
                                pulses,
                                expectedPulses));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RigException("interrupted while key accumulated");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.finish(
                "sifted key",
                String.format(
                        java.util.Locale.ROOT,
                        "%d bits from %d pulses in %.1f s",
                        modems.siftedBitsAvailable(),
                        modems.pulsesSent(),
                        seconds));
        LOG.info("accumulated {} sifted bits", modems.siftedBitsAvailable());
    }

    /** Sends seeded random data through the tunnel and counts the bytes that came back equal. */
    private long echo(TunnelSession session, DemoRequest request) throws IOException {
        int n = request.echoBytes();
        byte[] sent = new byte[n];
        new SplittableRandom(request.seed()).nextBytes(sent);
        byte[] back = new byte[n];
        OutputStream out = session.out();
        InputStream in = session.in();
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                for (int off = 0; off < n; off += 4096) {
                                    out.write(sent, off, Math.min(4096, n - off));
                                }
                                out.flush();
                            } catch (IOException e) {
                                LOG.warn("writing into the tunnel failed: {}", e.toString());
                            }
                        },
                        "rig-echo-writer");
        writer.setDaemon(true);
        writer.start();
        int got = 0;
        while (got < n) {
            int r = in.read(back, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
            progress.update("echo", got, n, "bytes");
        }
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long equal = 0;
        while (equal < got && sent[(int) equal] == back[(int) equal]) {
            equal++;
        }
        progress.finish(
                "echo",
                equal == n
                        ? n + " bytes through the tunnel and back, identical"
                        : "only " + equal + " of " + n + " bytes came back identical");
        Arrays.fill(back, (byte) 0);
        return equal;
    }
}
