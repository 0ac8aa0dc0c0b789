package io.qkdmodem.firmware.cli;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.KeyFiles;
import io.qkdmodem.firmware.runtime.Firmware;
import io.qkdmodem.firmware.runtime.FirmwareException;
import io.qkdmodem.firmware.runtime.KeyStorePoolWitness;
import io.qkdmodem.keystore.KeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Provisions a board: creates the device key if missing and the authentication pool from the secret
 * shared by both boards of a link.
 */
@Command(
        name = "provision",
        mixinStandardHelpOptions = true,
        description = {
            "Creates the device key (if missing) and the authentication pool from the secret both"
                    + " modems of a link share (copy it to both boards by hand, then delete it).",
            "Refuses to overwrite an existing pool: a pool's used keys must never come back."
        })
final class ProvisionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(
            names = "--auth-secret",
            paramLabel = "FILE",
            description = "the shared auth secret (default: auth.secret of the configuration)")
    Path authSecret;

    @Option(
            names = "--format-flash",
            description =
                    "format the flash image if it exists but holds no key store this device can"
                            + " mount (erases it; an image that mounts is left alone)")
    boolean formatFlash;

    @Override
    public Integer call() throws IOException, AuthPoolException, FirmwareException {
        FirmwareConfig cfg = config.read(spec.commandLine().getErr(), true);
        if (cfg == null) {
            return 2;
        }
        var out = spec.commandLine().getOut();
        if (cfg.deviceKeyFile() != null && !Files.exists(cfg.deviceKeyFile())) {
            byte[] key = new byte[32];
            strong().nextBytes(key);
            KeyFiles.writeSecretHex(cfg.deviceKeyFile(), key);
            Arrays.fill(key, (byte) 0);
            out.println("device key created: " + cfg.deviceKeyFile());
        }
        if (formatFlash) {
            if (cfg.flashImage() == null) {
                spec.commandLine().getErr().println("provision: no storage.flash-image to format");
                return 2;
            }
            try (KeyStore ks = Firmware.openOrFormatKeyStore(cfg)) {
                out.println("key store ready: " + cfg.flashImage());
            }
            if (cfg.authPoolFile() != null && Files.exists(cfg.authPoolFile())) {
                out.println("auth pool kept: " + cfg.authPoolFile());
                return 0;
            }
        }
        Path secretFile = authSecret != null ? authSecret : cfg.authSecretFile();
        if (secretFile == null) {
            spec.commandLine().getErr().println("provision: no --auth-secret and no auth.secret");
            return 2;
        }
        byte[] secret = KeyFiles.readSecret(secretFile, 64, AuthKeyPool.MAX_UNUSED_BYTES);
        byte[] deviceKey;
        try {
            deviceKey = Firmware.deviceKeyBytes(cfg);
        } catch (IOException e) {
            Arrays.fill(secret, (byte) 0);
            throw e;
        }
        // The key store keeps the pool file's version (rollback detection): a pool provisioned
        // again continues above every version of the one it replaces.
        KeyStore store = null;
        try {
            if (cfg.flashImage() != null && !Files.exists(cfg.authPoolFile())) {
                store = Firmware.openKeyStore(cfg);
            }
        } catch (FirmwareException e) {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(deviceKey, (byte) 0);
            throw e;
        }
        try (AuthKeyPool pool =
                AuthKeyPool.provision(
                        cfg.authPoolFile(),
                        secret,
                        deviceKey,
                        store == null ? null : new KeyStorePoolWitness(store))) {
            out.println(
                    "auth pool created: "
                            + cfg.authPoolFile()
                            + " ("
                            + pool.available()
                            + " bytes, "
                            + pool.available() / 32
                            + " blocks' worth of tags)");
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(deviceKey, (byte) 0);
            if (store != null) {
                store.close();
            }
        }
        return 0;
    }

    static SecureRandom strong() {
        try {
            return SecureRandom.getInstanceStrong();
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
