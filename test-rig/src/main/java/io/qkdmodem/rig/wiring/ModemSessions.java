package io.qkdmodem.rig.wiring;

import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.protocol.session.ProtocolException;
import io.qkdmodem.rig.orchestration.Provisioning;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.orchestration.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Opens an authenticated modem-protocol session (HELLO, mutual challenge-response with the pairing
 * secret) on a host cable, as the host agent does, with one clear line for each way it can fail.
 */
final class ModemSessions {

    private ModemSessions() {}

    /**
     * @param link the host end of {@code role}'s cable
     * @param linkDescription how the cable is named in messages
     * @param hostId the host's id in its HELLO ({@code agent}, {@code rig})
     */
    static ModemClient open(
            SerialLink link,
            String linkDescription,
            Provisioning provisioning,
            Role role,
            String hostId)
            throws RigException {
        byte[] secret;
        try {
            secret = provisioning.readPairingSecret(role);
        } catch (IOException | IllegalArgumentException e) {
            throw new RigException(
                    "cannot read "
                            + role.key()
                            + "'s pairing secret "
                            + provisioning.pairingSecret(role)
                            + " (hex expected): "
                            + e.getMessage(),
                    e);
        }
        PairingSecret pairing;
        try {
            pairing = PairingSecret.of(secret);
        } catch (IllegalArgumentException e) {
            throw new RigException(
                    role.key()
                            + "'s pairing secret "
                            + provisioning.pairingSecret(role)
                            + " is unusable: "
                            + e.getMessage(),
                    e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        HostConfig config =
                HostConfig.builder(
                                (hostId + "-" + role.key()).getBytes(StandardCharsets.UTF_8),
                                pairing)
                        .responseTimeout(Duration.ofSeconds(2))
                        .build();
        try {
            return ModemClient.connect(link, config);
        } catch (ProtocolException e) {
            throw new RigException(
                    role.key()
                            + "'s "
                            + hostId
                            + " cannot open a session with its modem over "
                            + linkDescription
                            + ": "
                            + e.getMessage()
                            + (e.code() == ErrorCode.AUTH_FAILED
                                    ? " (is "
                                            + provisioning.pairingSecret(role)
                                            + " the modem's pairing secret?)"
                                    : ""),
                    e);
        }
    }
}
