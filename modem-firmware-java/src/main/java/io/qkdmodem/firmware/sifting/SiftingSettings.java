package io.qkdmodem.firmware.sifting;

import io.qkdmodem.hal.optics.IntensityProfile;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * What both modems must agree on for sifting, checked through {@link #digest()} when the link comes
 * up, plus each side's own alarm settings.
 *
 * @param slotsPerFrame pulse slots per frame
 * @param intensities Alice's intensity classes (decoy states off when only signal is drawn)
 * @param pRectilinear probability of the rectilinear (Z) basis for Alice's states (0.5: the paper's
 *     plain BB84; above: efficient BB84 with a biased basis choice)
 * @param targetBlockBits a block closes once it holds at least this many key bits
 * @param maxBlockBits key bits beyond this are dropped (on both sides alike)
 * @param maxFramesPerBlock a block with key bits closes after this many frames anyway
 * @param monitorFraction fraction of sifted signal bits disclosed to the link monitor
 * @param qberAlarmThreshold the monitor raises its alarm above this QBER
 * @param monitorWindow the monitor's QBER is over at most this many recent sample bits
 * @param monitorMinSamples no alarm before the window holds this many sample bits
 */
public record SiftingSettings(
        int slotsPerFrame,
        IntensityProfile intensities,
        double pRectilinear,
        int targetBlockBits,
        int maxBlockBits,
        int maxFramesPerBlock,
        double monitorFraction,
        double qberAlarmThreshold,
        int monitorWindow,
        int monitorMinSamples) {

    public SiftingSettings {
        if (slotsPerFrame <= 0) {
            throw new IllegalArgumentException("slotsPerFrame must be positive");
        }
        if (!(pRectilinear > 0 && pRectilinear < 1)) {
            throw new IllegalArgumentException("pRectilinear must be in (0, 1)");
        }
        if (targetBlockBits <= 0 || maxBlockBits < targetBlockBits) {
            throw new IllegalArgumentException("need 0 < targetBlockBits <= maxBlockBits");
        }
        if (maxFramesPerBlock <= 0) {
            throw new IllegalArgumentException("maxFramesPerBlock must be positive");
        }
        if (!(monitorFraction >= 0 && monitorFraction < 1)) {
            throw new IllegalArgumentException("monitorFraction must be in [0, 1)");
        }
        if (!(qberAlarmThreshold > 0 && qberAlarmThreshold < 0.5)) {
            throw new IllegalArgumentException("qberAlarmThreshold must be in (0, 0.5)");
        }
        if (monitorWindow <= 0 || monitorMinSamples <= 0 || monitorMinSamples > monitorWindow) {
            throw new IllegalArgumentException("need 0 < monitorMinSamples <= monitorWindow");
        }
    }

    /** Defaults around a frame size: plain BB84 at mu 0.5, 1 % monitor, 11 % alarm. */
    public static SiftingSettings defaults(int slotsPerFrame) {
        return new SiftingSettings(
                slotsPerFrame,
                IntensityProfile.signalOnly(0.5),
                0.5,
                8192,
                65536,
                256,
                0.01,
                0.11,
                20_000,
                200);
    }

    public SiftingSettings withIntensities(IntensityProfile p) {
        return new SiftingSettings(
                slotsPerFrame,
                p,
                pRectilinear,
                targetBlockBits,
                maxBlockBits,
                maxFramesPerBlock,
                monitorFraction,
                qberAlarmThreshold,
                monitorWindow,
                monitorMinSamples);
    }

    public SiftingSettings withBasisBias(double pZ) {
        return new SiftingSettings(
                slotsPerFrame,
                intensities,
                pZ,
                targetBlockBits,
                maxBlockBits,
                maxFramesPerBlock,
                monitorFraction,
                qberAlarmThreshold,
                monitorWindow,
                monitorMinSamples);
    }

    public SiftingSettings withBlockBits(int target, int max, int maxFrames) {
        return new SiftingSettings(
                slotsPerFrame,
                intensities,
                pRectilinear,
                target,
                max,
                maxFrames,
                monitorFraction,
                qberAlarmThreshold,
                monitorWindow,
                monitorMinSamples);
    }

    public SiftingSettings withMonitor(
            double fraction, double threshold, int window, int minSamples) {
        return new SiftingSettings(
                slotsPerFrame,
                intensities,
                pRectilinear,
                targetBlockBits,
                maxBlockBits,
                maxFramesPerBlock,
                fraction,
                threshold,
                window,
                minSamples);
    }

    /**
     * Whether blocks use the decoy-state layout (docs/firmware.md): true when Alice draws decoy or
     * vacuum pulses. Then the key is every matched Z click of every class and every matched X click
     * is disclosed, as the decoy-state bound (Lim et al. 2014) assumes; the intensities are in
     * {@link #digest()}, so both sides agree.
     */
    public boolean decoyLayout() {
        return intensities.pSignal() < 1;
    }

    /**
     * CRC-32C of the settings both sides must share (frame size, intensities, basis bias, block
     * sizes, monitor fraction); the alarm settings are each side's own.
     */
    public long digest() {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * 5 + 4 * 3);
        b.putInt(slotsPerFrame)
                .putDouble(intensities.muSignal())
                .putDouble(intensities.muDecoy())
                .putDouble(intensities.pSignal())
                .putDouble(intensities.pDecoy())
                .putDouble(pRectilinear)
                .putInt(targetBlockBits)
                .putInt(maxBlockBits)
                .putInt(maxFramesPerBlock);
        CRC32C c = new CRC32C();
        c.update(b.array());
        c.update(ByteBuffer.allocate(8).putDouble(monitorFraction).array());
        return c.getValue();
    }

    /**
     * {@link #digest()} extended with the key store's segment size, which both modems must share
     * too: a reservation of the peer's range is widened to whole segments and zeroized as such, so
     * different sizes would refuse it or zeroize bits the peer still serves. This is what the Hello
     * carries.
     */
    public long linkDigest(int storeSegmentBits) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(12).putLong(digest()).putInt(storeSegmentBits).array());
        return c.getValue();
    }
}
