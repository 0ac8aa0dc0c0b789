package io.qkdmodem.rig.cli;

import io.qkdmodem.rig.orchestration.Pipeline;
import io.qkdmodem.rig.orchestration.RigDescription;
import io.qkdmodem.rig.orchestration.RigException;
import io.qkdmodem.rig.run.DemoRequest;
import io.qkdmodem.rig.scenario.ModemHosting;
import io.qkdmodem.rig.scenario.SerialMode;
import io.qkdmodem.rig.scenario.SourceProfile;
import io.qkdmodem.rig.wiring.Wiring;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code demo} and {@code sweep} share (a picocli mixin): how the pipeline is run
 * (seed, profile, serial links, where the modems run, key per handshake, time allowed) and whether
 * the result is JSON. Each command adds what is its own (distances, the rig file, report files).
 */
final class RunOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--seed",
            paramLabel = "S",
            converter = Options.Seed.class,
            defaultValue = "1",
            description =
                    "Seed of the simulation; a sweep's point i uses S+i (default:"
                            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--profile",
            paramLabel = "default|paper",
            converter = Options.Profile.class,
            defaultValue = "default",
            description =
                    "default: decoy-state weak pulses, transcript signed after the discussion;"
                            + " paper: the paper's single-photon source and message order.")
    SourceProfile profile;

    @Option(
            names = "--serial",
            paramLabel = "pipe|pty",
            converter = Options.Serial.class,
            description =
                    "Modem-to-agent links: in-memory pipes, or socat pseudo-terminals through"
                            + " jSerialComm (default: pipe; pty with --modems process).")
    SerialMode serial;

    @Option(
            names = "--modems",
            paramLabel = "in-process|process",
            converter = Options.Modems.class,
            defaultValue = "in-process",
            description =
                    "Run both modems' firmware in this JVM, or each as its own firmware process"
                            + " (needs socat; default: ${DEFAULT-VALUE}).")
    ModemHosting modems;

    @Option(
            names = "--sifted-bits",
            paramLabel = "N",
            converter = Options.SiftedBits.class,
            description =
                    "Key bits per block, taken whole by each handshake (default profile: 524288"
                            + " for demo, 1048576 for sweep, as the decoy-state bound needs; paper:"
                            + " 65536).")
    private Long siftedBits;

    @Option(
            names = "--timeout-s",
            paramLabel = "T",
            description =
                    "Seconds the modems may take to deliver each key block (default: 45 for demo,"
                            + " 120 per sweep point; long links need more).")
    Integer timeoutSeconds;

    @Option(
            names = "--json",
            description = "Print exactly one JSON object on stdout instead of the text output.")
    boolean json;

    /**
     * The serial mode the run uses: what was asked, else {@code pty} for modem processes (a pipe
     * cannot cross a process boundary) and {@code pipe} otherwise; a board rig uses its devices.
     */
    SerialMode serialMode(RigDescription rig) throws RigException {
        if (rig.kind() == RigDescription.Kind.BOARDS) {
            if (modems == ModemHosting.PROCESS) {
                throw usage(
                        "--modems process is for the simulated rig; a board rig's modems are the"
                                + " boards named in "
                                + rig.name());
            }
            return rig.serialModeFor(SerialMode.DEVICE);
        }
        if (modems == ModemHosting.PROCESS) {
            if (serial != null && serial != SerialMode.PTY) {
                throw usage(
                        "--modems process joins each firmware process to its agent by a"
                                + " pseudo-terminal: use --serial pty or leave --serial out");
            }
            return SerialMode.PTY;
        }
        return rig.serialModeFor(serial == null ? SerialMode.PIPE : serial);
    }

    /**
     * Key bits per handshake (the modems' key block size): {@code --sifted-bits}, else the
     * profile's default for this command (the demo's block is smaller, for a quick run).
     */
    long siftedBits() {
        if (siftedBits != null) {
            return siftedBits;
        }
        return "sweep".equals(mixee.commandLine().getCommandName())
                ? DemoRequest.sweepSiftedBits(profile)
                : DemoRequest.defaultSiftedBits(profile);
    }

    /** The key-accumulation timeout, {@code defaultSeconds} unless {@code --timeout-s} is given. */
    Duration timeout(int defaultSeconds) {
        int t = timeoutSeconds == null ? defaultSeconds : timeoutSeconds;
        if (t < 1 || t > 3600) {
            throw usage("--timeout-s must be 1..3600, got " + t);
        }
        return Duration.ofSeconds(t);
    }

    /** The project's pipeline for {@code rig} with these options. */
    Pipeline pipeline(RigDescription rig) throws RigException {
        return Wiring.pipeline(rig, siftedBits(), modems);
    }

    /** One run's request; a sweep uses it as the template of its points. */
    DemoRequest request(
            RigDescription rig,
            double distanceKm,
            double eveFraction,
            int echoBytes,
            int defaultTimeoutSeconds)
            throws RigException {
        return new DemoRequest(
                rig,
                distanceKm,
                eveFraction,
                seed,
                profile,
                serialMode(rig),
                siftedBits(),
                echoBytes,
                timeout(defaultTimeoutSeconds));
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
