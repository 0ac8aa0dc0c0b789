package io.qkdmodem.agent.cli;

import io.qkdmodem.protocol.driver.ModemClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pair}: pairs the agent with its modem. The modem and its host share a pairing secret
 * (docs/protocol/modem-link.md section 3.2); when the configured secret file does not exist, pair
 * creates one (32 random bytes, hex, owner-only permissions) for the administrator to provision on
 * the modem; then it opens the serial port and authenticates, proving both hold the same secret.
 */
@Command(
        name = "pair",
        description = "Pair with the modem: create the pairing secret, then authenticate.")
final class PairCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            required = true,
            description = "configuration file")
    private Path config;

    @Override
    public Integer call() throws Exception {
        AgentSettings s = AgentSettings.load(config);
        PrintWriter out = spec.commandLine().getOut();
        if (!s.usesModem()) {
            out.println("keysource is simulated: there is no modem to pair with");
            out.flush();
            return 0;
        }
        Path secret = s.pairingSecretFile();
        if (!Files.exists(secret)) {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            Files.writeString(
                    Files.createFile(
                            secret,
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------"))),
                    HexFormat.of().formatHex(b) + "\n");
            java.util.Arrays.fill(b, (byte) 0);
            out.printf(
                    "created pairing secret %s; provision the same secret on the modem, then run"
                            + " pair again%n",
                    secret);
            out.flush();
            return 0;
        }
        try (ModemClient c = s.connectModem()) {
            out.printf(
                    "paired with modem %s (firmware %s)%n",
                    HexFormat.of().formatHex(c.modemHello().deviceId()),
                    c.modemHello().firmwareVersion());
        }
        out.flush();
        return 0;
    }
}
