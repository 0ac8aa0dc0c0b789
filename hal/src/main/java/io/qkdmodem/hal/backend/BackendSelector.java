package io.qkdmodem.hal.backend;

import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the backend. The rule, in order:
 *
 * <ol>
 *   <li>an explicit name passed by the caller (a command-line option) wins;
 *   <li>else the {@code hal.backend} setting;
 *   <li>else discovery: the one non-simulated provider whose hardware is present. Several present
 *       is an error (name one). None present: on a real board (per {@link BoardDetector}) this is
 *       an error, the simulator is never picked silently there; off a board the simulator is picked
 *       and the reason says so (logged at WARN).
 * </ol>
 *
 * Naming the simulator explicitly on a real board is allowed (bench use) and logged at WARN.
 */
public final class BackendSelector {
    /** The configuration setting naming the backend. */
    public static final Setting<String> BACKEND =
            Setting.ofString(
                    "hal.backend",
                    "the optics backend: sim, pi4j-gpio or pi4j-spi-frontend (empty: discover)",
                    "");

    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

    private final List<HalBackendProvider> providers;
    private final BoardDetector board;

    public BackendSelector(List<HalBackendProvider> providers, BoardDetector board) {
        this.providers = List.copyOf(providers);
        this.board = board;
    }

    /** Providers found by {@link ServiceLoader} on the class path, board from the device tree. */
    public static BackendSelector discover() {
        List<HalBackendProvider> found = new ArrayList<>();
        ServiceLoader.load(HalBackendProvider.class).forEach(found::add);
        return new BackendSelector(found, BoardDetector.deviceTree());
    }

    public List<HalBackendProvider> providers() {
        return providers;
    }

    /**
     * Applies the rule.
     *
     * @param explicitName the caller's choice, or null
     * @throws HalException if the named backend is unknown or discovery is ambiguous or would have
     *     to fall back to the simulator on a board
     */
    public Selection select(String explicitName, HalConfig config) throws HalException {
        Optional<String> model = board.boardModel();
        if (explicitName != null && !explicitName.isBlank()) {
            return named(explicitName.trim(), "explicit argument", model);
        }
        String configured = config.get(BACKEND).trim();
        if (!configured.isEmpty()) {
            return named(configured, "configuration " + BACKEND.name(), model);
        }
        List<HalBackendProvider> present =
                providers.stream()
                        .filter(p -> !p.simulated() && p.hardwarePresent())
                        .collect(Collectors.toList());
        if (present.size() == 1) {
            return new Selection(present.get(0), "discovery: its hardware is present");
        }
        if (present.size() > 1) {
            throw new HalException(
                    "several hardware backends are present ("
                            + names(present)
                            + "); set "
                            + BACKEND.name()
                            + " to one of them");
        }
        if (model.isPresent()) {
            throw new HalException(
                    "running on a board ("
                            + model.get()
                            + ") but no hardware backend detected its hardware; refusing to fall"
                            + " back to the simulator. Set "
                            + BACKEND.name()
                            + " (known: "
                            + names(providers)
                            + ")");
        }
        List<HalBackendProvider> sims =
                providers.stream()
                        .filter(HalBackendProvider::simulated)
                        .collect(Collectors.toList());
        if (sims.size() != 1) {
            throw new HalException(
                    "no backend configured and none discovered; set "
                            + BACKEND.name()
                            + " (known: "
                            + names(providers)
                            + ")");
        }
        LOG.warn(
                "No board and no hardware backend found: using the simulator '{}'",
                sims.get(0).name());
        return new Selection(sims.get(0), "discovery: no board detected, so the simulator");
    }

    private Selection named(String name, String how, Optional<String> model) throws HalException {
        for (HalBackendProvider p : providers) {
            if (p.name().equals(name)) {
                if (p.simulated() && model.isPresent()) {
                    LOG.warn(
                            "Simulated optics '{}' chosen by {} on board {}",
                            name,
                            how,
                            model.get());
                }
                return new Selection(p, how);
            }
        }
        throw new HalException(
                "unknown backend '" + name + "' (from " + how + "); known: " + names(providers));
    }

    private static String names(List<HalBackendProvider> ps) {
        return ps.stream().map(HalBackendProvider::name).collect(Collectors.joining(", "));
    }
}
