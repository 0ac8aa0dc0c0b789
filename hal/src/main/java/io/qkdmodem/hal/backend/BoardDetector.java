package io.qkdmodem.hal.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Tells whether we run on a real single-board computer, and which. */
@FunctionalInterface
public interface BoardDetector {

    /** The board model, or empty when this is not a recognised board (a PC, a CI runner). */
    Optional<String> boardModel();

    /** Reads {@code /proc/device-tree/model} (present on Raspberry Pi and most ARM boards). */
    static BoardDetector deviceTree() {
        return () -> {
            Path p = Path.of("/proc/device-tree/model");
            try {
                if (!Files.isReadable(p)) {
                    return Optional.empty();
                }
                String model =
                        new String(Files.readAllBytes(p), StandardCharsets.US_ASCII)
                                .replace("\0", "")
                                .trim();
                return model.isEmpty() ? Optional.empty() : Optional.of(model);
            } catch (IOException e) {
                return Optional.empty();
            }
        };
    }

    /** For tests: a fixed answer. */
    static BoardDetector fixed(String modelOrNull) {
        return () -> Optional.ofNullable(modelOrNull);
    }
}
