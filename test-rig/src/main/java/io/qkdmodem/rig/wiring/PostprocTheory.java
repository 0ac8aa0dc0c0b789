package io.qkdmodem.rig.wiring;

import io.qkdmodem.agent.postprocessing.keyrate.DecoyBb84;
import io.qkdmodem.agent.postprocessing.keyrate.Entropy;
import io.qkdmodem.agent.postprocessing.keyrate.Plob;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.theory.KeyRateTheory;

/**
 * Theory from the host agent's key-rate calculator ({@code
 * io.qkdmodem.agent.postprocessing.keyrate}), for the rig's channel: the asymptotic decoy-state
 * BB84 rate at the signal intensity the simulator actually uses (not the optimal one), with the
 * standard error-correction inefficiency f = 1.22 and sifting factor q = 1/2; for the paper's
 * single-photon source the same GLLP expression with Q = Y1 and E = e1. PLOB for the fiber alone
 * (ideal detectors).
 */
public final class PostprocTheory implements KeyRateTheory {

    /** Error-correction inefficiency the asymptotic column assumes (the GYS figure). */
    public static final double F = 1.22;

    /** Sifting factor of plain BB84 with unbiased bases. */
    public static final double Q = 0.5;

    @Override
    public double asymptoticBitsPerPulse(ChannelModel c) {
        io.qkdmodem.agent.postprocessing.keyrate.ChannelModel m = model(c);
        if (c.singlePhotonSource()) {
            double eta = m.transmittance(c.distanceKm());
            double y1 = 1 - (1 - m.y0()) * (1 - eta);
            double e1 = (0.5 * m.y0() + m.ed() * eta) / y1;
            return Math.max(0, m.q() * y1 * (1 - Entropy.h(e1) - m.f() * Entropy.h(e1)));
        }
        return Math.max(0, DecoyBb84.rate(m, c.distanceKm(), c.signalMu()));
    }

    @Override
    public double plobBitsPerPulse(ChannelModel c) {
        return Plob.boundAt(c.distanceKm(), c.alphaDbPerKm());
    }

    @Override
    public String source() {
        return "host-agent key-rate calculator: asymptotic decoy-state BB84 (GLLP with infinitely"
                + " many decoys, Lo-Ma-Chen 2005) at the simulator's signal mu, f = "
                + F
                + ", q = "
                + Q
                + ", an intercept-resend fraction f as extra misalignment (f/4)(1 - 2 e_d); PLOB"
                + " bound -log2(1 - 10^(-alpha L / 10)) for the fiber alone";
    }

    /**
     * The calculator's channel. An intercept-resend eavesdropper on a fraction f of the pulses
     * enters as extra misalignment: she sends the wrong basis half the time, which gives a wrong
     * bit half of those times, so e_d becomes e_d + (f / 4)(1 - 2 e_d).
     */
    private static io.qkdmodem.agent.postprocessing.keyrate.ChannelModel model(ChannelModel c) {
        double ed = c.misalignment() + c.eveFraction() / 4 * (1 - 2 * c.misalignment());
        return new io.qkdmodem.agent.postprocessing.keyrate.ChannelModel(
                c.alphaDbPerKm(), c.bobEfficiency(), c.darkCountPerSlot(), ed, F, Q);
    }
}
