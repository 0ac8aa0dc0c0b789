package io.qkdmodem.rig.wiring;

import io.qkdmodem.hal.sim.SimParameters;
import io.qkdmodem.rig.scenario.ChannelModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code sim.*} settings of the hal simulator for a rig channel, so that the simulated optics
 * and the theory columns describe the same link.
 */
public final class SimSettings {

    private SimSettings() {}

    /**
     * @param fiber the {@code sim.fiber} value ({@code memory:NAME} in one process, {@code
     *     tcp-listen:PORT} / {@code tcp-connect:HOST:PORT} across two)
     */
    public static Map<String, String> forChannel(ChannelModel c, long seed, String fiber) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SimParameters.PROFILE.name(), c.singlePhotonSource() ? "paper" : "standard");
        m.put(SimParameters.LENGTH_KM.name(), num(c.distanceKm()));
        m.put(SimParameters.ALPHA.name(), num(c.alphaDbPerKm()));
        m.put(SimParameters.ETA_BOB.name(), num(c.bobEfficiency()));
        m.put(SimParameters.Y0.name(), num(c.darkCountPerSlot()));
        m.put(SimParameters.MISALIGNMENT.name(), num(c.misalignment()));
        if (!c.singlePhotonSource()) {
            m.put(SimParameters.MU_SIGNAL.name(), num(c.signalMu()));
            m.put(SimParameters.MU_DECOY.name(), num(c.decoyMu()));
        }
        if (c.eveFraction() > 0) {
            m.put(SimParameters.EVE.name(), "intercept-resend");
            m.put(SimParameters.EVE_FRACTION.name(), num(c.eveFraction()));
        } else {
            m.put(SimParameters.EVE.name(), "none");
        }
        m.put(SimParameters.SEED.name(), Long.toString(seed));
        m.put("sim.fiber", fiber);
        return m;
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%s", d);
    }
}
