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
     * @param siftedBits sifted bits per handshake (also the modems' key block size, since a
     *     handshake takes its key from one block)
     * @throws RigException for a rig this build cannot drive
     */
    public static Pipeline pipeline(RigDescription rig, long siftedBits) throws RigException {
        if (rig.kind() == RigDescription.Kind.BOARDS) {
            throw new RigException(
                    "rig "
                            + rig.name()
                            + ": the devices are there, but driving real boards end to end is not"
                            + " in this build yet (only rig.kind=simulated runs)");
        }
        if (siftedBits > Integer.MAX_VALUE / 2) {
            throw new RigException(
                    "at most " + Integer.MAX_VALUE / 2 + " sifted bits per handshake");
        }
        int bits = (int) siftedBits;
        return new Pipeline(new FirmwareModems(bits), new QtlsAgents(bits), new PostprocTheory());
    }
}
