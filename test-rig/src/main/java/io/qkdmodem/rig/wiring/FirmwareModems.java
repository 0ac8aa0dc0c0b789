package io.qkdmodem.rig.wiring;

import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.firmware.link.TcpPeerConnector;
import io.qkdmodem.firmware.runtime.Firmware;
import io.qkdmodem.firmware.runtime.FirmwareException;
import io.qkdmodem.firmware.runtime.FirmwareStatus;
import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.keystore.flash.FlashGeometry;
import io.qkdmodem.rig.orchestration.HostLinks;
import io.qkdmodem.rig.orchestration.ModemPair;
import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.orchestration.Role;
import io.qkdmodem.rig.orchestration.Teardown;
import io.qkdmodem.rig.scenario.ChannelModel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alice's and Bob's firmware in this process ({@link Firmware}, the same code a board runs), on the
 * hal simulator with an in-memory fiber of their own, a loopback TCP modem-to-modem link,
 * file-backed flash images in the workspace, and each serving its host agent on the modem end of
 * its cable.
 */
public final class FirmwareModems implements ModemPairFactory {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareModems.class);
    private static final AtomicInteger FIBERS = new AtomicInteger();

    /**
     * Key bits a block reaches before it closes: a handshake takes one whole block of at least this
     * many bits (RESERVE mode 2 with the weak-coherent source, so its counts are the key's).
     */
    private final int blockBits;

    public FirmwareModems(int blockBits) {
        this.blockBits = blockBits;
    }

    @Override
    public ModemPair start(Spec spec, Teardown teardown) throws RigException {
        String fiber =
                "memory:rig-" + ProcessHandle.current().pid() + "-" + FIBERS.incrementAndGet();
        TcpPeerConnector listener;
        try {
            listener = TcpPeerConnector.listen("127.0.0.1", 0);
        } catch (IOException e) {
            throw new RigException(
                    "cannot listen for the modem-to-modem link: " + e.getMessage(), e);
        }
        FirmwareConfig alice =
                config(spec, Role.ALICE, fiber)
                        .peer(PeerLinkSpec.tcpListen("127.0.0.1", listener.localPort()))
                        .build();
        FirmwareConfig bob =
                config(spec, Role.BOB, fiber)
                        .peer(PeerLinkSpec.tcpConnect("127.0.0.1", listener.localPort()))
                        .build();
        SiftingSettings sifting = alice.sifting();
        Firmware a;
        Firmware b;
        try {
            a =
                    teardown.add(
                            "alice firmware",
                            Firmware.builder(alice)
                                    .peerConnector(listener)
                                    .hostLink(modemEnd(spec.links(), Role.ALICE))
                                    .start());
        } catch (FirmwareException e) {
            listener.close();
            throw new RigException("alice's firmware did not start: " + e.getMessage(), e);
        }
        try {
            b =
                    teardown.add(
                            "bob firmware",
                            Firmware.builder(bob)
                                    .hostLink(modemEnd(spec.links(), Role.BOB))
                                    .start());
        } catch (FirmwareException e) {
            throw new RigException("bob's firmware did not start: " + e.getMessage(), e);
        }
        LOG.info(
                "modems started: {} slots per frame, {} key bits per block",
                sifting.slotsPerFrame(),
                blockBits);
        return new Pair(a, b, sifting.slotsPerFrame());
    }

    /**
     * The configuration of {@code role}'s firmware on this rig (simulated optics on {@code fiber},
     * flash and secrets in the workspace), without its peer link; the separate-process modems
     * ({@link ProcessModems}) write the same configuration into a file.
     *
     * @param fiber the {@code sim.fiber} value
     */
    FirmwareConfig.Builder config(Spec spec, Role role, String fiber) {
        ChannelModel c = spec.channel();
        Map<String, String> h = new HashMap<>(SimSettings.forChannel(c, spec.seed(), fiber));
        h.put("hal.backend", "sim");
        h.put("hal.entropy", "sim-drbg");
        h.put("hal.entropy.seed", Long.toString(spec.seed()));
        h.put("hal.entropy.label", role.key());
        SiftingSettings sifting =
                SiftingSettings.defaults(slotsPerFrame(c))
                        .withIntensities(intensities(c))
                        .withBlockBits(blockBits, maxBlockBits(blockBits), 1 << 20);
        String who = role.key();
        return FirmwareConfig.builder(
                        role == Role.ALICE
                                ? io.qkdmodem.firmware.config.Role.ALICE
                                : io.qkdmodem.firmware.config.Role.BOB,
                        who)
                .hal(HalConfig.of(h))
                .hostSerial(
                        spec.links().cable(role).description(),
                        SerialConfig.DEFAULT_BAUD,
                        spec.provisioning().pairingSecret(role))
                .flash(
                        spec.workspace().resolve(who + "-flash.img"),
                        geometry(sifting.maxBlockBits()),
                        spec.provisioning().deviceKey(role))
                .authPool(
                        spec.workspace().resolve(who + "-auth.pool"),
                        spec.provisioning().authSecret())
                .stateFile(spec.workspace().resolve(who + ".state"))
                .sifting(sifting)
                .frameTimeout(Duration.ofSeconds(10))
                .reconnectInterval(Duration.ofMillis(100));
    }

    private static io.qkdmodem.hal.serial.SerialLink modemEnd(HostLinks links, Role role)
            throws RigException {
        return links.cable(role)
                .modemEnd()
                .orElseThrow(
                        () ->
                                new RigException(
                                        "a simulated rig needs the modem end of "
                                                + role.key()
                                                + "'s cable"));
    }

    /**
     * The largest block: half as much again as the target (at least 2^16 more), so the frame that
     * crosses the target always fits and no click is dropped (a block that dropped clicks would
     * have counts that no longer match its key bits, and the weak-coherent handshake would refuse
     * it).
     */
    static int maxBlockBits(int target) {
        return (int) Math.min(1 << 24, target + (long) Math.max(target / 2, 1 << 16));
    }

    /**
     * The key store's flash: erase blocks big enough for one key block of {@code maxBlockBits} (a
     * block lives in one erase block; 64 KiB holds about 2^19 bits, so 2^20-bit blocks need 256 KiB
     * ones, as large NOR parts have), 24 of them.
     */
    static FlashGeometry geometry(int maxBlockBits) {
        int erase = 64 * 1024;
        while (erase < (1 << 24) && (long) maxBlockBits / 8 * 5 / 4 > erase) {
            erase *= 2;
        }
        return FlashGeometry.of(256, erase, 24);
    }

    static IntensityProfile intensities(ChannelModel c) {
        return c.singlePhotonSource()
                ? IntensityProfile.signalOnly(c.signalMu())
                : new IntensityProfile(
                        c.signalMu(),
                        c.decoyMu(),
                        c.intensityProbabilities()[0],
                        c.intensityProbabilities()[1]);
    }

    /**
     * A frame size that yields a few thousand sifted bits per frame at this distance (a power of
     * two between 2^16 and 2^24 slots), so short links answer quickly and long ones do not spend
     * their time on frame round trips.
     */
    static int slotsPerFrame(ChannelModel c) {
        double gain = c.darkCountPerSlot() + 1 - Math.exp(-c.eta() * c.signalMu());
        double siftedPerSlot = Math.max(1e-9, 0.5 * gain);
        double want = 4096 / siftedPerSlot;
        int slots = Integer.highestOneBit((int) Math.min(1 << 24, Math.max(1 << 16, want)));
        return Math.max(1 << 16, Math.min(1 << 24, slots));
    }

    private static final class Pair implements ModemPair {
        private final Firmware alice;
        private final Firmware bob;
        private final int slotsPerFrame;

        Pair(Firmware alice, Firmware bob, int slotsPerFrame) {
            this.alice = alice;
            this.bob = bob;
            this.slotsPerFrame = slotsPerFrame;
        }

        @Override
        public long pulsesSent() {
            return alice.status().framesDone() * (long) slotsPerFrame;
        }

        @Override
        public long siftedBitsAvailable() {
            FirmwareStatus a = alice.status();
            FirmwareStatus b = bob.status();
            return Math.min(a.availableBits(), b.availableBits());
        }

        @Override
        public double monitoredQber() {
            return alice.status().qber();
        }

        @Override
        public void close() {
            bob.close();
            alice.close();
        }
    }
}
