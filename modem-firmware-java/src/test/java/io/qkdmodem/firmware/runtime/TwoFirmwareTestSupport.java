package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.sifting.SiftingSettings;
import java.util.Map;

/** Settings shared by the two-instance tests of several packages. */
public final class TwoFirmwareTestSupport {
    private TwoFirmwareTestSupport() {}

    public static SiftingSettings settings() {
        return TwoFirmwareTest.settings();
    }

    public static final Map<String, String> CLEAN = TwoFirmwareTest.CLEAN;
}
