package io.qkdmodem.hal.sim;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.backend.HalBackendProvider;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.HalConfigException;
import io.qkdmodem.hal.config.Setting;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.optics.Receiver;
import io.qkdmodem.hal.optics.Transmitter;
import io.qkdmodem.hal.status.RecordingStatusIndicator;
import io.qkdmodem.hal.status.StatusIndicator;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sim} backend. Reads {@link SimParameters} from {@code sim.*} and the fiber from {@code
 * sim.fiber}: {@code memory:NAME} (both ends in this process, the default {@code memory:default}),
 * {@code tcp-listen:PORT} or {@code tcp-connect:HOST:PORT} (two processes).
 */
public final class SimBackendProvider implements HalBackendProvider {
    public static final Setting<String> FIBER =
            Setting.ofString(
                    "sim.fiber",
                    "memory:NAME, tcp-listen:PORT or tcp-connect:HOST:PORT",
                    "memory:default");

    /** Bob's basis bias with an active basis choice (efficient BB84: set it to Alice's). */
    public static final Setting<Double> BOB_P_RECTILINEAR =
            Setting.ofDouble(
                    "sim.bob-p-rectilinear",
                    "probability of Bob's rectilinear basis with an active basis choice",
                    0.5,
                    0.001,
                    0.999);

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public boolean hardwarePresent() {
        return true;
    }

    @Override
    public List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(SimParameters.SETTINGS);
        all.add(FIBER);
        all.add(BOB_P_RECTILINEAR);
        return all;
    }

    @Override
    public Transmitter openTransmitter(HalConfig config, EntropySource entropy)
            throws HalException {
        SimParameters p = SimParameters.fromConfig(config);
        return new SimTransmitter(p, openFiber(config), !isShared(config));
    }

    @Override
    public Receiver openReceiver(HalConfig config, EntropySource entropy) throws HalException {
        SimParameters p = SimParameters.fromConfig(config);
        return new SimReceiver(
                p, openFiber(config), !isShared(config), entropy, config.get(BOB_P_RECTILINEAR));
    }

    @Override
    public StatusIndicator openStatusIndicator(HalConfig config) {
        return new RecordingStatusIndicator();
    }

    private static boolean isShared(HalConfig config) {
        return config.get(FIBER).startsWith("memory:");
    }

    /** Opens the fiber end a {@code sim.fiber} value names. */
    public static FiberLink openFiber(HalConfig config) throws HalException {
        String spec = config.get(FIBER).trim();
        try {
            if (spec.startsWith("memory:") && spec.length() > 7) {
                return InMemoryFiber.named(spec.substring(7));
            }
            if (spec.startsWith("tcp-listen:")) {
                return TcpFiberEndpoint.listen(Integer.parseInt(spec.substring(11)));
            }
            if (spec.startsWith("tcp-connect:")) {
                String rest = spec.substring(12);
                int colon = rest.lastIndexOf(':');
                return TcpFiberEndpoint.connect(
                        rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // fall through to the error below
        }
        throw new HalConfigException(
                "setting sim.fiber = '" + spec + "' is invalid: it must be " + FIBER.description());
    }
}
