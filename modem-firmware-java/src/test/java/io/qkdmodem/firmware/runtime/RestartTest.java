package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.testing.FirmwarePair;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.session.ModemException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarting either firmware loses no acknowledged block and never serves a key twice. */
class RestartTest {

    @Test
    void restartingEitherSideResumesNumberingAndKeepsReservations(@TempDir Path dir)
            throws Exception {
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTest.settings(),
                        TwoFirmwareTest.CLEAN,
                        UnaryOperator.identity())) {
            pair.start();
            FirmwarePair.await("2 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 2);

            KeyRef ref = pair.alice.backend().reserve(42, 1024);
            assertThat(pair.bob.backend().reserveReference(42, ref, 1024)).isEqualTo(ref);
            byte[] keyA = fetchAll(pair.alice, ref);
            assertThat(fetchAll(pair.bob, ref)).isEqualTo(keyA);

            // Alice goes down while acquiring and comes back
            long aliceLast = pair.alice.status().lastBlockId();
            pair.stopAlice();
            pair.startAlice();
            FirmwarePair.await(
                    "Alice acquiring again", 60, () -> pair.alice.status().blocksCommitted() >= 2);
            assertThat(pair.alice.status().lastBlockId()).isGreaterThan(aliceLast);

            // the retried RESERVE gets the same reference and the same key
            assertThat(pair.alice.backend().reserve(42, 1024)).isEqualTo(ref);
            assertThat(fetchAll(pair.alice, ref)).isEqualTo(keyA);
            assertThat(pair.alice.backend().consume(ref)).isTrue();
            assertThat(pair.alice.backend().consume(ref)).isFalse();

            // Bob goes down and comes back; his reservation survived too
            pair.stopBob();
            pair.startBob();
            FirmwarePair.await(
                    "Bob acquiring again", 60, () -> pair.bob.status().blocksCommitted() >= 2);
            assertThat(pair.bob.backend().reserveReference(42, ref, 1024)).isEqualTo(ref);
            assertThat(fetchAll(pair.bob, ref)).isEqualTo(keyA);
            assertThat(pair.bob.backend().consume(ref)).isTrue();

            // consumed key is gone and never reserved again
            assertThatThrownBy(() -> pair.alice.backend().fetch(ref, 0, 128))
                    .isInstanceOfSatisfying(
                            ModemException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_CONSUMED));
            for (long req = 100; req < 110; req++) {
                KeyRef other = pair.alice.backend().reserve(req, 1024);
                assertThat(overlaps(other, ref)).as("reservation %d overlaps", req).isFalse();
            }

            long upTo = pair.alice.status().lastBlockId();
            assertThat(pair.stopAndCompare(upTo, false)).isGreaterThanOrEqualTo(4);
        }
    }

    static byte[] fetchAll(Firmware fw, KeyRef ref) throws ModemException {
        FetchResponse r = fw.backend().fetch(ref, 0, 1 << 16);
        assertThat(r.data().length).isEqualTo(r.totalLength());
        return r.data();
    }

    static boolean overlaps(KeyRef a, KeyRef b) {
        java.nio.ByteBuffer x = java.nio.ByteBuffer.wrap(a.bytes());
        java.nio.ByteBuffer y = java.nio.ByteBuffer.wrap(b.bytes());
        long ba = x.getLong();
        long oa = x.getInt() & 0xffffffffL;
        long la = x.getInt() & 0xffffffffL;
        long bb = y.getLong();
        long ob = y.getInt() & 0xffffffffL;
        long lb = y.getInt() & 0xffffffffL;
        return ba == bb && oa < ob + lb && ob < oa + la;
    }
}
