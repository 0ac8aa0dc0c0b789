package io.qkdmodem.firmware.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.KeyFiles;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.firmware.config.Role;
import io.qkdmodem.firmware.link.PeerConnector;
import io.qkdmodem.firmware.link.TcpPeerConnector;
import io.qkdmodem.firmware.runtime.Firmware;
import io.qkdmodem.firmware.runtime.FirmwareException;
import io.qkdmodem.firmware.sifting.SiftingSettings;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.keystore.KeyBlockInfo;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyRange;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Two firmware instances in this JVM, over the simulated optics (an in-memory fiber of its own
 * name) and a loopback TCP peer link, with their flash images, auth pools and state files in a
 * directory.
 */
public final class FirmwarePair implements AutoCloseable {
    private static final AtomicInteger FIBERS = new AtomicInteger();

    /** The host pairing secret both firmware instances are configured with. */
    public static final byte[] PAIRING = "0123456789abcdef-pairing".getBytes();

    public final Path dir;
    public final FirmwareConfig aliceConfig;
    public final FirmwareConfig bobConfig;
    private final UnaryOperator<PeerConnector> aliceLinkWrapper;
    private TcpPeerConnector aliceListener;
    public Firmware alice;
    public Firmware bob;

    /** Host serial links to serve (in-process), or null for none. */
    public io.qkdmodem.hal.serial.SerialLink aliceHost;

    public io.qkdmodem.hal.serial.SerialLink bobHost;

    /** Bob's peer connector instead of the TCP one of his configuration, or null. */
    public PeerConnector bobConnector;

    /**
     * @param sim extra hal settings for both sides (sim.length-km, sim.eve, ...)
     * @param aliceLinkWrapper wraps Alice's peer connector (to tamper with her messages)
     */
    public FirmwarePair(
            Path dir,
            SiftingSettings sifting,
            Map<String, String> sim,
            UnaryOperator<PeerConnector> aliceLinkWrapper)
            throws IOException {
        this.dir = dir;
        this.aliceLinkWrapper = aliceLinkWrapper;
        byte[] secret = new byte[4096];
        new SplittableRandom(7).nextBytes(secret);
        KeyFiles.writeSecretHex(dir.resolve("auth-secret.hex"), secret);
        KeyFiles.writeSecretHex(dir.resolve("pairing.key"), PAIRING);
        byte[] devA = new byte[32];
        byte[] devB = new byte[32];
        new SplittableRandom(8).nextBytes(devA);
        new SplittableRandom(9).nextBytes(devB);
        KeyFiles.writeSecretHex(dir.resolve("alice-device.key"), devA);
        KeyFiles.writeSecretHex(dir.resolve("bob-device.key"), devB);
        Map<String, String> hal = new HashMap<>();
        hal.put("hal.backend", "sim");
        hal.put("hal.entropy", "sim-drbg");
        hal.put("sim.fiber", "memory:pair-" + FIBERS.incrementAndGet() + "-" + System.nanoTime());
        hal.putAll(sim);
        aliceListener = TcpPeerConnector.listen("127.0.0.1", 0);
        int port = aliceListener.localPort();
        aliceConfig =
                config(Role.ALICE, "alice-1", hal, "alice", sifting)
                        .peer(PeerLinkSpec.tcpListen("127.0.0.1", port))
                        .build();
        bobConfig =
                config(Role.BOB, "bob-1", hal, "bob", sifting)
                        .peer(PeerLinkSpec.tcpConnect("127.0.0.1", port))
                        .build();
    }

    private FirmwarePair(FirmwarePair base, FirmwareConfig a, FirmwareConfig b) {
        this.dir = base.dir;
        this.aliceLinkWrapper = base.aliceLinkWrapper;
        this.aliceListener = base.aliceListener;
        base.aliceListener = null;
        this.aliceConfig = a;
        this.bobConfig = b;
    }

    /** A pair on the same links with other configurations (this pair must not be started). */
    public FirmwarePair withConfigs(FirmwareConfig a, FirmwareConfig b) {
        return new FirmwarePair(this, a, b);
    }

    private FirmwareConfig.Builder config(
            Role role, String id, Map<String, String> hal, String who, SiftingSettings sifting) {
        Map<String, String> h = new HashMap<>(hal);
        h.put("hal.entropy.label", who);
        return FirmwareConfig.builder(role, id)
                .hal(HalConfig.of(h))
                .hostSerial(null, 115_200, dir.resolve("pairing.key"))
                .flash(
                        dir.resolve(who + "-flash.img"),
                        FirmwareConfig.defaultGeometry(),
                        dir.resolve(who + "-device.key"))
                .authPool(dir.resolve(who + "-auth.pool"), dir.resolve("auth-secret.hex"))
                .stateFile(dir.resolve(who + ".state"))
                .sifting(sifting)
                .frameTimeout(Duration.ofSeconds(5))
                .reconnectInterval(Duration.ofMillis(100));
    }

    public void startAlice() throws FirmwareException, IOException {
        if (aliceListener == null) {
            aliceListener = TcpPeerConnector.listen("127.0.0.1", aliceConfig.peer().port());
        }
        Firmware.Builder b =
                Firmware.builder(aliceConfig).peerConnector(aliceLinkWrapper.apply(aliceListener));
        if (aliceHost != null) {
            b.hostLink(aliceHost);
        }
        alice = b.start();
        aliceListener = null;
    }

    public void startBob() throws FirmwareException {
        Firmware.Builder b = Firmware.builder(bobConfig);
        if (bobConnector != null) {
            b.peerConnector(bobConnector);
        }
        if (bobHost != null) {
            b.hostLink(bobHost);
        }
        bob = b.start();
    }

    public void start() throws FirmwareException, IOException {
        startAlice();
        startBob();
    }

    public void stopAlice() {
        alice.close();
    }

    public void stopBob() {
        bob.close();
    }

    /** Waits until the condition holds (polling), failing after {@code seconds}. */
    public static void await(String what, int seconds, BooleanSupplier cond) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /**
     * Asserts that every block both stores hold with key bits has the same counts, length and (with
     * an error-free channel) bits; returns the number of blocks compared.
     */
    public static int assertSameBlocks(KeyStore a, KeyStore b, long upTo, boolean sameBits) {
        int compared = 0;
        for (long id = 0; id <= upTo; id++) {
            Optional<KeyBlockInfo> ia = a.blockInfo(id);
            Optional<KeyBlockInfo> ib = b.blockInfo(id);
            boolean aHas = ia.isPresent() && ia.get().availableBits() > 0;
            boolean bHas = ib.isPresent() && ib.get().availableBits() > 0;
            assertThat(bHas).as("block %d present on Bob as on Alice", id).isEqualTo(aHas);
            if (!aHas) {
                continue;
            }
            assertThat(ib.get().counts()).as("counts of block %d", id).isEqualTo(ia.get().counts());
            assertThat(ib.get().totalBits()).isEqualTo(ia.get().totalBits());
            assertThat(ib.get().acquiredAtEpochMillis())
                    .isEqualTo(ia.get().acquiredAtEpochMillis());
            if (sameBits && ia.get().availableBits() == ia.get().totalBits()) {
                KeyRange all = new KeyRange(id, 0, ia.get().totalBits());
                RequestId rid = RequestId.of("test-compare-" + id);
                Reservation ra = a.reserve(rid, all);
                Reservation rb = b.reserve(rid, all);
                try (KeyMaterial ka = a.read(ra.reference());
                        KeyMaterial kb = b.read(rb.reference())) {
                    assertThat(ka.sameBitsAs(kb)).as("bits of block %d", id).isTrue();
                }
            }
            compared++;
        }
        return compared;
    }

    /**
     * Stops both instances, remounts both stores from their flash images and checks that they hold
     * the same blocks up to {@code upTo}; returns how many blocks were compared.
     */
    public int stopAndCompare(long upTo, boolean sameBits) throws FirmwareException {
        alice.close();
        bob.close();
        try (KeyStore a = Firmware.openKeyStore(aliceConfig);
                KeyStore b = Firmware.openKeyStore(bobConfig)) {
            return assertSameBlocks(a, b, upTo, sameBits);
        }
    }

    @Override
    public void close() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
        if (aliceListener != null) {
            aliceListener.close();
        }
    }
}
