package io.qkdmodem.rig.theory;

import io.qkdmodem.rig.scenario.ChannelModel;

/** Theoretical key rates for a channel, in bits per pulse sent by Alice. */
public interface KeyRateTheory {

    /** The asymptotic secret key rate of the protocol the channel's profile runs (0 if none). */
    double asymptoticBitsPerPulse(ChannelModel channel);

    /** The PLOB bound, -log2(1 - eta), for the channel's transmittance. */
    double plobBitsPerPulse(ChannelModel channel);

    /** Where the numbers come from, for reports. */
    String source();
}
