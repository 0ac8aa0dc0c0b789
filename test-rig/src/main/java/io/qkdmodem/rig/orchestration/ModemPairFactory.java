package io.qkdmodem.rig.orchestration;

import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.SerialMode;
import io.qkdmodem.rig.scenario.SourceProfile;

/** Starts the modem pair of a rig: in this process, as processes, or (boards) by attaching. */
public interface ModemPairFactory {

    /**
     * What the modems need to start.
     *
     * @param channel the simulated fiber, eavesdropper and source
     * @param profile the BB84 variant and handshake profile
     * @param seed seed of every random choice of the simulation
     * @param workspace temporary directory for flash images
     * @param provisioning the secrets of this bench (auth, device keys, pairing)
     * @param links the host cables (the modem ends are the firmware's serial ports)
     */
    record Spec(
            ChannelModel channel,
            SourceProfile profile,
            long seed,
            Workspace workspace,
            HostLinks links,
            Provisioning provisioning) {}

    ModemPair start(Spec spec, Teardown teardown) throws RigException;

    /**
     * Opens the host cables these modems need, registering everything with {@code teardown}. By
     * default both ends of each cable are opened in this process ({@link HostLinks#open}); modems
     * that open their own end (separate processes) override this.
     */
    default HostLinks openLinks(
            SerialMode mode, RigDescription rig, Workspace workspace, Teardown teardown)
            throws RigException {
        return HostLinks.open(mode, rig, workspace, teardown);
    }
}
