package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.firmware.link.LinkMessage;
import io.qkdmodem.firmware.link.PeerChannel;
import io.qkdmodem.firmware.link.PeerConnector;
import io.qkdmodem.firmware.testing.FirmwarePair;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acquisition thread never dies silently. */
class EngineFaultTest {
    /** A connector whose channel throws an Error (as a huge peer frame once did) on receive. */
    static PeerConnector throwingError(PeerConnector real) {
        return new PeerConnector() {
            @Override
            public PeerChannel connect(Duration timeout) {
                return new PeerChannel() {
                    @Override
                    public void send(LinkMessage m) {}

                    @Override
                    public LinkMessage receive(Duration t) {
                        throw new OutOfMemoryError("simulated: Java heap space");
                    }

                    @Override
                    public String peer() {
                        return "erroring peer";
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public String describe() {
                return "erroring";
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    // AUDIT finding 9: an OutOfMemoryError escaped Engine.run (catch Exception) and the engine
    // thread died while the firmware kept reporting its last phase.
    @Test
    void anErrorOnTheEngineThreadShowsAsFault(@TempDir Path dir) throws Exception {
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTest.settings(),
                        TwoFirmwareTest.CLEAN,
                        EngineFaultTest::throwingError)) {
            pair.startAlice();
            FirmwareStatus s = pair.alice.status();
            for (int i = 0; i < 200 && s.phase() != FirmwareStatus.Phase.FAULT; i++) {
                Thread.sleep(25);
                s = pair.alice.status();
            }
            assertThat(s.phase()).isEqualTo(FirmwareStatus.Phase.FAULT);
            assertThat(s.lastProblem()).contains("OutOfMemoryError");
        }
    }
}
