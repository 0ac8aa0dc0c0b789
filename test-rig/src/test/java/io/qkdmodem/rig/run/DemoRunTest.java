package io.qkdmodem.rig.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.rig.progress.Progress;
import io.qkdmodem.rig.scenario.DemoResult;
import io.qkdmodem.rig.testing.FakePipeline;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run logic over a fake pipeline: accumulation, echo, abort, teardown. */
class DemoRunTest {

    static final class Recorder implements Progress {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void update(String task, long done, long total, String unit) {
            events.add("update " + task + " " + done + "/" + total);
        }

        @Override
        public synchronized void finish(String task, String outcome) {
            events.add("finish " + task + ": " + outcome);
        }

        @Override
        public synchronized void note(String message) {
            events.add("note " + message);
        }
    }

    @Test
    void accumulatesWithProgressEchoesAndTearsDown() throws Exception {
        FakePipeline fake = new FakePipeline(null);
        Recorder progress = new Recorder();
        DemoResult r = new DemoRun(fake.pipeline(), progress).run(DemoRequest.simulated(10, 0, 3));
        assertThat(r.aborted()).isFalse();
        assertThat(r.bytesEchoed()).isEqualTo(DemoRequest.DEFAULT_ECHO_BYTES);
        assertThat(r.siftedBits()).isGreaterThanOrEqualTo(DemoRequest.DEFAULT_DECOY_SIFTED_BITS);
        assertThat(r.secretBits()).isEqualTo(4096);
        assertThat(progress.events).anyMatch(e -> e.startsWith("update sifted key "));
        assertThat(progress.events).anyMatch(e -> e.startsWith("finish sifted key: "));
        assertThat(progress.events).anyMatch(e -> e.contains("identical"));
        assertThat(fake.modemsClosed).isTrue();
        assertThat(fake.agentsClosed).isTrue();
        assertThat(Files.exists(fake.modemSpec.workspace().dir())).isFalse();
        assertThat(fake.modemSpec.channel().distanceKm()).isEqualTo(10);
    }

    @Test
    void anAbortedHandshakeIsAResultWithItsReason() throws Exception {
        FakePipeline fake = new FakePipeline("eavesdropping detected: QBER 26 % over 11 %");
        DemoResult r =
                new DemoRun(fake.pipeline(), Progress.NONE).run(DemoRequest.simulated(10, 1, 3));
        assertThat(r.aborted()).isTrue();
        assertThat(r.abortReason()).contains("eavesdropping");
        assertThat(r.qber()).isEqualTo(0.26);
        assertThat(r.bytesEchoed()).isZero();
        assertThat(r.secretBits()).isZero();
        assertThat(fake.agentsClosed).isTrue();
    }
}
