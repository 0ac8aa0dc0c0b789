package io.qkdmodem.rig.wiring;

import io.qkdmodem.rig.orchestration.ModemPairFactory;
import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.scenario.ModemHosting;

/** Builds the pipeline made of the project's own firmware, host agents and key-rate calculator. */
public final class Wiring {

    private Wiring() {}

    /** The pipeline for a rig with the modems in this process (or the rig's boards). */
    public static Pipeline pipeline(RigDescription rig, long siftedBits) throws RigException {
        return pipeline(rig, siftedBits, ModemHosting.IN_PROCESS);
    }

    /**
     * The pipeline for a rig.
     *
     * @param siftedBits sifted bits per handshake (also the modems' key block size, since a
     *     handshake takes its key from one block)
     * @param hosting where a simulated rig runs its firmware; a board rig's modems are its boards
     * @throws RigException for a rig this build cannot drive
     */
    public static Pipeline pipeline(RigDescription rig, long siftedBits, ModemHosting hosting)
            throws RigException {
        if (siftedBits > Integer.MAX_VALUE / 2) {
            throw new RigException(
                    "at most " + Integer.MAX_VALUE / 2 + " sifted bits per handshake");
        }
        int bits = (int) siftedBits;
        ModemPairFactory modems;
        if (rig.kind() == RigDescription.Kind.BOARDS) {
            modems = new BoardModems(rig);
        } else if (hosting == ModemHosting.PROCESS) {
            modems = new ProcessModems(bits);
        } else {
            modems = new FirmwareModems(bits);
        }
        return new Pipeline(modems, new QtlsAgents(bits), new PostprocTheory());
    }
}
