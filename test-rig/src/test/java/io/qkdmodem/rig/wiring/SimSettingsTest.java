package io.qkdmodem.rig.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.sim.Eavesdropper;
import io.qkdmodem.hal.sim.SimParameters;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SourceProfile;
import org.junit.jupiter.api.Test;

/** The rig's channel read back through the simulator's own configuration parser. */
class SimSettingsTest {

    @Test
    void simulatorReadsTheSameChannel() {
        ChannelModel c = ChannelModel.standard(SourceProfile.DEFAULT, 37.5, 0.25);
        SimParameters p =
                SimParameters.fromConfig(HalConfig.of(SimSettings.forChannel(c, 99, "memory:t")));
        assertThat(p.lengthKm()).isEqualTo(37.5);
        assertThat(p.eta()).isCloseTo(c.eta(), within(1e-15));
        assertThat(p.y0()).isEqualTo(c.darkCountPerSlot());
        assertThat(p.misalignment()).isEqualTo(c.misalignment());
        assertThat(p.seed()).isEqualTo(99);
        assertThat(p.eavesdropper()).isEqualTo(new Eavesdropper.InterceptResend(0.25));
    }

    @Test
    void paperProfileIsTheSinglePhotonSourceWithoutEve() {
        ChannelModel c = ChannelModel.standard(SourceProfile.PAPER, 10, 0);
        SimParameters p =
                SimParameters.fromConfig(HalConfig.of(SimSettings.forChannel(c, 1, "memory:t")));
        assertThat(p.source().name()).isEqualTo("SINGLE_PHOTON");
        assertThat(p.eavesdropper()).isInstanceOf(Eavesdropper.None.class);
    }
}
