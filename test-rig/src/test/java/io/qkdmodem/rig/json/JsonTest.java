package io.qkdmodem.rig.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.rig.testing.JsonReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesFieldsInOrderWithEveryKindOfValue() {
        String text =
                Json.object()
                        .put("distance_km", 10.0)
                        .put("pulses", 123456789012L)
                        .put("qber", 0.0312)
                        .put("aborted", false)
                        .put("abort_reason", (String) null)
                        .put("profile", "default")
                        .put("points", Json.array().add(Json.object().put("x", 1L)).add(2.5))
                        .toString();
        assertThat(text)
                .isEqualTo(
                        "{\"distance_km\":10,\"pulses\":123456789012,\"qber\":0.0312,"
                                + "\"aborted\":false,\"abort_reason\":null,\"profile\":\"default\","
                                + "\"points\":[{\"x\":1},2.5]}");
        Map<String, Object> back = JsonReader.parseObject(text);
        assertThat(back).containsEntry("qber", 0.0312).containsEntry("abort_reason", null);
        assertThat((List<?>) back.get("points")).hasSize(2);
    }

    @Test
    void escapesStringsSoTheyReadBackUnchanged() {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 line-sep \u2028 é";
        String text = Json.object().put("s", nasty).toString();
        assertThat(text).doesNotContain("\n").doesNotContain("\u0007");
        assertThat(JsonReader.parseObject(text)).containsEntry("s", nasty);
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        String text =
                Json.object()
                        .put("nan", Double.NaN)
                        .put("inf", Double.POSITIVE_INFINITY)
                        .put("small", 2.56e-3)
                        .put("tiny", 1.72e-25)
                        .toString();
        Map<String, Object> back = JsonReader.parseObject(text);
        assertThat(back).containsEntry("nan", null).containsEntry("inf", null);
        assertThat(back).containsEntry("small", 2.56e-3).containsEntry("tiny", 1.72e-25);
    }
}
