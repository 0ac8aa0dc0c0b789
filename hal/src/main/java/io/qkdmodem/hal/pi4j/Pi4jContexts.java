package io.qkdmodem.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.backend.BoardDetector;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's one Pi4J context (Pi4J wants one per process), created on first use. */
final class Pi4jContexts {
    private static Context shared;

    private Pi4jContexts() {}

    static synchronized Context shared() throws HalException {
        if (shared == null) {
            try {
                shared = Pi4J.newAutoContext();
            } catch (RuntimeException e) {
                throw new HalException("cannot start Pi4J: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    /** A Raspberry Pi with a GPIO character device. */
    static boolean gpioPresent() {
        return BoardDetector.deviceTree()
                        .boardModel()
                        .filter(m -> m.contains("Raspberry Pi"))
                        .isPresent()
                && Files.exists(Path.of("/dev/gpiochip0"));
    }
}
