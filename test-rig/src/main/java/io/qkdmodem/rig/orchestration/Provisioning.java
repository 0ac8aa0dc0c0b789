package io.qkdmodem.rig.orchestration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The secrets a bench provisions before first start, written into the rig's workspace (so they go
 * with it at teardown): the modem-to-modem authentication secret both modems share, each modem's
 * flash device key, and each modem's pairing secret with its host agent. Fresh random values for
 * every run; the files are readable by the owner only. A board rig provisions nothing: its boards
 * hold their own secrets, and the agents pair with the pairing secrets its description names.
 */
public final class Provisioning {

    private final Path authSecret;
    private final Path aliceDeviceKey;
    private final Path bobDeviceKey;
    private final Path alicePairing;
    private final Path bobPairing;

    private Provisioning(Path dir) {
        this(
                dir.resolve("auth-secret.hex"),
                dir.resolve("alice-device.key"),
                dir.resolve("bob-device.key"),
                dir.resolve("alice-pairing.key"),
                dir.resolve("bob-pairing.key"));
    }

    private Provisioning(
            Path authSecret,
            Path aliceDeviceKey,
            Path bobDeviceKey,
            Path alicePairing,
            Path bobPairing) {
        this.authSecret = authSecret;
        this.aliceDeviceKey = aliceDeviceKey;
        this.bobDeviceKey = bobDeviceKey;
        this.alicePairing = alicePairing;
        this.bobPairing = bobPairing;
    }

    /**
     * The secrets of {@code rig}: fresh ones in {@code workspace} for a simulated rig, the pairing
     * secret files its description names for a board rig (which has no auth secret or device keys
     * here: those stay on the boards).
     */
    public static Provisioning forRig(RigDescription rig, Workspace workspace) throws IOException {
        if (rig.kind() == RigDescription.Kind.BOARDS) {
            return new Provisioning(
                    null, null, null, rig.pairingSecret(Role.ALICE), rig.pairingSecret(Role.BOB));
        }
        return create(workspace);
    }

    /** Writes fresh secrets into {@code workspace}. */
    public static Provisioning create(Workspace workspace) throws IOException {
        Provisioning p = new Provisioning(workspace.dir());
        SecureRandom rng = new SecureRandom();
        write(p.authSecret, rng, 4096);
        write(p.aliceDeviceKey, rng, 32);
        write(p.bobDeviceKey, rng, 32);
        write(p.alicePairing, rng, 32);
        write(p.bobPairing, rng, 32);
        return p;
    }

    private static void write(Path file, SecureRandom rng, int bytes) throws IOException {
        byte[] b = new byte[bytes];
        rng.nextBytes(b);
        Files.createFile(
                file,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(b) + "\n");
        Arrays.fill(b, (byte) 0);
    }

    /** Both modems' modem-to-modem authentication secret (hex). */
    public Path authSecret() {
        return authSecret;
    }

    public Path deviceKey(Role role) {
        return role == Role.ALICE ? aliceDeviceKey : bobDeviceKey;
    }

    /** The pairing secret between {@code role}'s modem and its host agent (hex). */
    public Path pairingSecret(Role role) {
        return role == Role.ALICE ? alicePairing : bobPairing;
    }

    /** Reads a pairing secret as bytes; the caller zeroizes them. */
    public byte[] readPairingSecret(Role role) throws IOException {
        return HexFormat.of().parseHex(Files.readString(pairingSecret(role)).strip());
    }
}
