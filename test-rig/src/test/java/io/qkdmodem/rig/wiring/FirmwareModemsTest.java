package io.qkdmodem.rig.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.protocol.driver.ModemClient;
import io.qkdmodem.protocol.message.StatusResponse;
import io.qkdmodem.protocol.session.HostConfig;
import io.qkdmodem.protocol.session.PairingSecret;
import io.qkdmodem.rig.orchestration.HostLinks;
import io.qkdmodem.rig.orchestration.ModemPair;
import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.Provisioning;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.Role;
import io.qkdmodem.rig.orchestration.Teardown;
import io.qkdmodem.rig.orchestration.Workspace;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SerialMode;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The project's firmware, two instances in this JVM, brought up and torn down by the rig. */
class FirmwareModemsTest {

    @Test
    void theFlashHoldsTheLargestBlockSoNoClickIsDropped() {
        for (int target : new int[] {1 << 16, 1 << 18, 1 << 20, 1 << 21}) {
            int max = FirmwareModems.maxBlockBits(target);
            assertThat(max).isGreaterThan(target);
            try (io.qkdmodem.keystore.log.FlashKeyStore store =
                    io.qkdmodem.keystore.log.FlashKeyStore.format(
                            new io.qkdmodem.keystore.flash.InMemoryNorFlash(
                                    FirmwareModems.geometry(max)),
                            io.qkdmodem.keystore.DeviceKey.of(new byte[32]),
                            io.qkdmodem.keystore.KeyStoreConfig.defaults())) {
                assertThat(store.maxBlockBits())
                        .as("target %d", target)
                        .isGreaterThanOrEqualTo(max);
            }
        }
    }

    @Test
    void modemsAccumulateABlockAndAnswerTheirHostsThenLeaveNothing() throws Exception {
        Workspace w = Workspace.create();
        try (Teardown t = new Teardown()) {
            t.add("workspace", w);
            HostLinks links =
                    HostLinks.open(SerialMode.PIPE, RigDescription.simulatedDefault(), w, t);
            Provisioning p = Provisioning.create(w);
            ModemPair modems =
                    new FirmwareModems(16384)
                            .start(
                                    new ModemPairFactory.Spec(
                                            ChannelModel.standard(SourceProfile.DEFAULT, 10, 0),
                                            SourceProfile.DEFAULT,
                                            5,
                                            w,
                                            links,
                                            p),
                                    t);
            long end = System.nanoTime() + 30_000_000_000L;
            while (modems.siftedBitsAvailable() < 16384 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(modems.siftedBitsAvailable()).isGreaterThanOrEqualTo(16384);
            assertThat(modems.pulsesSent()).isGreaterThan(16384L * 50);
            assertThat(Files.exists(w.resolve("alice-flash.img"))).isTrue();
            for (Role role : Role.values()) {
                HostConfig hc =
                        HostConfig.builder(
                                        ("host-" + role.key()).getBytes(StandardCharsets.UTF_8),
                                        PairingSecret.of(p.readPairingSecret(role)))
                                .build();
                try (ModemClient client = ModemClient.connect(links.cable(role).hostEnd(), hc)) {
                    StatusResponse s = client.status();
                    assertThat(s.toString()).isNotEmpty();
                }
            }
        }
        assertThat(Files.exists(w.dir())).isFalse();
    }
}
