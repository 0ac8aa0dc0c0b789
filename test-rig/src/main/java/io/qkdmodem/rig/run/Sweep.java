package io.qkdmodem.rig.run;

import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.progress.Progress;
import io.qkdmodem.rig.report.SweepPoint;
import io.qkdmodem.rig.scenario.ChannelModel;
import io.qkdmodem.rig.scenario.DemoResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the real pipeline (modems, agents, handshake) once per (distance, eavesdropper fraction) and
 * sets each measurement beside the theory for the same channel.
 */
public final class Sweep {

    private final Pipeline pipeline;
    private final Progress progress;

    public Sweep(Pipeline pipeline, Progress progress) {
        this.pipeline = pipeline;
        this.progress = progress;
    }

    /**
     * @param template the settings every point shares (profile, serial, seed, bits wanted)
     */
    public List<SweepPoint> run(DemoRequest template, List<Double> distances, List<Double> eves)
            throws RigException {
        List<SweepPoint> points = new ArrayList<>();
        int total = distances.size() * eves.size();
        int done = 0;
        DemoRun demo = new DemoRun(pipeline, Progress.NONE);
        for (double eve : eves) {
            for (double d : distances) {
                progress.update("sweep", done, total, "points");
                DemoRequest r =
                        new DemoRequest(
                                template.rig(),
                                d,
                                eve,
                                template.seed() + done,
                                template.profile(),
                                template.serial(),
                                template.siftedBitsWanted(),
                                0,
                                template.accumulateTimeout());
                DemoResult res = demo.run(r);
                ChannelModel channel = ChannelModel.standard(template.profile(), d, eve);
                points.add(
                        new SweepPoint(
                                d,
                                eve,
                                res.pulses(),
                                res.siftedBits(),
                                res.qber(),
                                res.monitorQber(),
                                res.secretBits(),
                                res.secretBitsPerPulse(),
                                res.aborted(),
                                res.abortReason(),
                                pipeline.theory().asymptoticBitsPerPulse(channel),
                                pipeline.theory().plobBitsPerPulse(channel)));
                done++;
                progress.note(
                        String.format(
                                Locale.ROOT,
                                "%5.1f km, eve %.2f: QBER %s, secret %.3e bits/pulse (asymptotic"
                                        + " %.3e)%s",
                                d,
                                eve,
                                Double.isFinite(res.qber())
                                        ? String.format(Locale.ROOT, "%.2f %%", 100 * res.qber())
                                        : "-",
                                res.secretBitsPerPulse(),
                                pipeline.theory().asymptoticBitsPerPulse(channel),
                                res.aborted() ? ", aborted: " + res.abortReason() : ""));
            }
        }
        progress.finish("sweep", total + " points");
        return points;
    }
}
