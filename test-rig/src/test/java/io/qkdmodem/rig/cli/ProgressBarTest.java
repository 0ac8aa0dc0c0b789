package io.qkdmodem.rig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void nonInteractivePrintsOneLinePerTenthAndTheOutcome() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar =
                new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i <= 1000; i++) {
            bar.update("sifted key", i, 1000, "bits");
        }
        bar.finish("sifted key", "1000 bits in 0.1 s");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.startsWith("sifted key ["))).hasSize(11);
        assertThat(out)
                .contains("100% 1000/1000 bits")
                .endsWith("sifted key: 1000 bits in 0.1 s\n");
        assertThat(out).doesNotContain("\r");
    }

    @Test
    void rendersAProportionalBar() {
        assertThat(ProgressBar.render("t", 5, 10, "x", 0.5))
                .isEqualTo("t [###############...............]  50% 5/10 x");
    }
}
