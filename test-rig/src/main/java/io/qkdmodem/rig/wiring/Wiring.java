package io.qkdmodem.rig.wiring;

import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.RigException;

/** Builds the pipeline made of the project's own firmware, host agents and key-rate calculator. */
public final class Wiring {

    private Wiring() {}

    /**
     * The pipeline for a rig.
     *
     * @throws RigException naming each piece this build does not contain yet
     */
    public static Pipeline pipeline(RigDescription rig) throws RigException {
        throw new RigException(
                "this build has no end-to-end pipeline yet: the embeddable firmware API"
                        + " (modem-firmware-java), the simulated optics (hal sim), the host-agent"
                        + " modem client and Quantum TLS tunnel, and the key-rate calculator are not"
                        + " all in it");
    }
}
