package io.qkdmodem.rig.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.config.ConfigFile;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.rig.orchestration.HostLinks;
import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.Provisioning;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.Role;
import io.qkdmodem.rig.orchestration.Teardown;
import io.qkdmodem.rig.orchestration.Workspace;
import io.qkdmodem.rig.process.FirmwareConfigFile;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SerialMode;
import io.qkdmodem.rig.scenario.SourceProfile;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A firmware process gets the configuration the in-process rig gives the embedded firmware: the
 * file the rig writes, read back by the firmware's own parser, is the same {@link FirmwareConfig}.
 */
class ProcessModemsConfigTest {

    @ParameterizedTest(name = "{0} profile, {1} km, eve {2}")
    @CsvSource({"default, 10, 0", "paper, 50, 0.5", "default, 100, 1"})
    void theConfigurationFileSaysWhatTheRigMeans(String profile, double km, double eve)
            throws Exception {
        SourceProfile p = SourceProfile.parse(profile);
        Workspace w = Workspace.create();
        try (Teardown t = new Teardown()) {
            t.add("workspace", w);
            HostLinks links =
                    HostLinks.open(SerialMode.PIPE, RigDescription.simulatedDefault(), w, t);
            ModemPairFactory.Spec spec =
                    new ModemPairFactory.Spec(
                            ChannelModel.standard(p, km, eve),
                            p,
                            42,
                            w,
                            links,
                            Provisioning.create(w));
            for (Role role : Role.values()) {
                FirmwareConfig cfg =
                        new FirmwareModems(65536)
                                .config(spec, role, "tcp-listen:7100")
                                .peer(PeerLinkSpec.tcpConnect("127.0.0.1", 7001))
                                .hostSerial(
                                        "/dev/pts/99",
                                        115200,
                                        spec.provisioning().pairingSecret(role))
                                .build();
                Path file = w.resolve(role.key() + ".conf");
                FirmwareConfigFile.write(cfg, file);
                FirmwareConfig back = ConfigFile.read(file);
                assertThat(back.sifting()).isEqualTo(cfg.sifting());
                assertThat(back.sifting().digest()).isEqualTo(cfg.sifting().digest());
                assertThat(back.hal().asMap()).isEqualTo(cfg.hal().asMap());
                assertThat(back.hostSerialPath()).isEqualTo("/dev/pts/99");
                assertThat(back.flashImage()).isEqualTo(cfg.flashImage());
                assertThat(back.peer()).isEqualTo(cfg.peer());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"in-memory flash", "line break"})
    void whatAFileCannotSayIsRefused(String what) throws Exception {
        Workspace w = Workspace.create();
        try (Teardown t = new Teardown()) {
            t.add("workspace", w);
            Provisioning prov = Provisioning.create(w);
            FirmwareConfig.Builder b =
                    FirmwareConfig.builder(io.qkdmodem.firmware.config.Role.ALICE, "a")
                            .peer(PeerLinkSpec.tcpListen("127.0.0.1", 7001))
                            .flash(
                                    w.resolve("f.img"),
                                    FirmwareConfig.defaultGeometry(),
                                    prov.deviceKey(Role.ALICE))
                            .authPool(w.resolve("a.pool"), prov.authSecret());
            FirmwareConfig cfg =
                    what.equals("in-memory flash")
                            ? b.flash(null, FirmwareConfig.defaultGeometry(), null).build()
                            : b.deviceId("a\nrole = bob").build();
            assertThatThrownBy(() -> FirmwareConfigFile.lines(cfg))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
