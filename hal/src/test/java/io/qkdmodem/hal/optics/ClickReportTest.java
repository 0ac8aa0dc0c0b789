package io.qkdmodem.hal.optics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClickReportTest {
    @Test
    void storesClicksInOrderWithFlags() {
        ClickReport r =
                ClickReport.builder(5, 100)
                        .add(3, 0, 1, 0b0010)
                        .add(10, 1, 0, 0b0100)
                        .add(42, 1, 1, 0b1100)
                        .build();
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.slot(1)).isEqualTo(10);
        assertThat(r.basis(1)).isEqualTo(Basis.DIAGONAL);
        assertThat(r.bit(0)).isEqualTo(1);
        assertThat(r.isDoubleClick(2)).isTrue();
        assertThat(r.isDoubleClick(0)).isFalse();
        assertThat(r.detectorMask(2)).isEqualTo(0b1100);
        assertThat(r.doubleClicks()).isEqualTo(1);
        assertThat(r.indexOf(42)).isEqualTo(2);
        assertThat(r.indexOf(41)).isNegative();
        assertThat(r.toString()).doesNotContain("bit");
    }

    @Test
    void rejectsOutOfOrderAndInconsistentClicks() {
        ClickReport.Builder b = ClickReport.builder(1, 10).add(3, 0, 0, 1);
        assertThatThrownBy(() -> b.add(3, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add(4, 0, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add(10, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.size()).isEqualTo(1);
    }
}
