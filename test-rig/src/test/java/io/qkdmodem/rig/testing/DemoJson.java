package io.qkdmodem.rig.testing;

import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * Domain assertions over the JSON object that {@code demo --json} prints, e.g. {@code
 * DemoJson.assertThat(json).succeeded().hasQberBelow(0.11).echoed(65536)}.
 */
public final class DemoJson extends AbstractAssert<DemoJson, Map<String, Object>> {

    public static final String[] REQUIRED_FIELDS = {
        "distance_km",
        "eve_fraction",
        "profile",
        "pulses",
        "sifted_bits",
        "qber",
        "secret_bits",
        "handshake_ms",
        "aborted",
        "abort_reason",
        "bytes_echoed"
    };

    private DemoJson(Map<String, Object> actual) {
        super(actual, DemoJson.class);
    }

    public static DemoJson assertThat(Map<String, Object> json) {
        return new DemoJson(json);
    }

    public DemoJson hasAllFields() {
        isNotNull();
        Assertions.assertThat(actual).containsKeys(REQUIRED_FIELDS);
        return this;
    }

    public DemoJson succeeded() {
        hasAllFields();
        if (!Boolean.FALSE.equals(actual.get("aborted"))) {
            failWithMessage(
                    "expected the handshake to succeed but it aborted: %s",
                    actual.get("abort_reason"));
        }
        Assertions.assertThat(actual.get("abort_reason")).isNull();
        Assertions.assertThat(num("secret_bits")).as("secret_bits").isPositive();
        return this;
    }

    public DemoJson abortedBecause(String fragment) {
        hasAllFields();
        if (!Boolean.TRUE.equals(actual.get("aborted"))) {
            failWithMessage("expected an abort, but the handshake succeeded: %s", actual);
        }
        Assertions.assertThat((String) actual.get("abort_reason")).containsIgnoringCase(fragment);
        Assertions.assertThat(num("secret_bits")).isZero();
        Assertions.assertThat(num("bytes_echoed")).isZero();
        return this;
    }

    public DemoJson hasQberBelow(double limit) {
        Assertions.assertThat(num("qber")).as("qber").isLessThan(limit);
        return this;
    }

    public DemoJson hasQberAbove(double limit) {
        Assertions.assertThat(num("qber")).as("qber").isGreaterThan(limit);
        return this;
    }

    public DemoJson echoed(long bytes) {
        Assertions.assertThat(num("bytes_echoed")).as("bytes_echoed").isEqualTo((double) bytes);
        return this;
    }

    private double num(String key) {
        Object v = actual.get(key);
        if (!(v instanceof Double d)) {
            failWithMessage("field %s is not a number: %s", key, v);
            return Double.NaN;
        }
        return d;
    }

    private static final class Assertions extends org.assertj.core.api.Assertions {}
}
