package io.qkdmodem.agent.qtls.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.qtls.AlertDescription;
import io.qkdmodem.agent.qtls.ContentType;
import io.qkdmodem.agent.qtls.QtlsFatalAlert;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordLayerTest {

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static RecordLayer[] pair(RecordAlgorithm alg) {
        RecordLayer a = new RecordLayer();
        RecordLayer b = new RecordLayer();
        a.setWriteProtection(new AeadProtection(alg, bytes(32, 1), bytes(12, 2)));
        b.setReadProtection(new AeadProtection(alg, bytes(32, 1), bytes(12, 2)));
        return new RecordLayer[] {a, b};
    }

    @ParameterizedTest
    @EnumSource(
            value = RecordAlgorithm.class,
            names = {"AES_256_GCM", "CHACHA20_POLY1305"})
    void aeadRoundTripOneByteAtATime(RecordAlgorithm alg) throws Exception {
        RecordLayer[] p = pair(alg);
        byte[] msg = bytes(40000, 3); // three records
        byte[] wire = p[0].seal(ContentType.APPLICATION_DATA, msg);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        for (byte w : wire) {
            p[1].offer(new byte[] {w}, 0, 1);
            RecordLayer.Record r;
            while ((r = p[1].next()) != null) {
                assertThat(r.type()).isEqualTo(ContentType.APPLICATION_DATA);
                got.write(r.plaintext());
            }
        }
        assertThat(got.toByteArray()).isEqualTo(msg);
    }

    @ParameterizedTest
    @EnumSource(
            value = RecordAlgorithm.class,
            names = {"AES_256_GCM", "CHACHA20_POLY1305"})
    void anyFlippedBitIsBadRecordMac(RecordAlgorithm alg) throws Exception {
        byte[] wire0 = pair(alg)[0].seal(ContentType.APPLICATION_DATA, "hello".getBytes());
        for (int bit = 5 * 8; bit < wire0.length * 8; bit++) {
            RecordLayer[] p = pair(alg);
            byte[] wire = p[0].seal(ContentType.APPLICATION_DATA, "hello".getBytes());
            wire[bit / 8] ^= (byte) (1 << (bit % 8));
            p[1].offer(wire, 0, wire.length);
            assertThatThrownBy(p[1]::next)
                    .isInstanceOf(QtlsFatalAlert.class)
                    .extracting(e -> ((QtlsFatalAlert) e).description())
                    .isEqualTo(AlertDescription.BAD_RECORD_MAC);
        }
    }

    @Test
    void replayedRecordFailsBecauseSequenceAdvanced() throws Exception {
        RecordLayer[] p = pair(RecordAlgorithm.AES_256_GCM);
        byte[] wire = p[0].seal(ContentType.APPLICATION_DATA, "x".getBytes());
        p[1].offer(wire, 0, wire.length);
        p[1].next();
        p[1].offer(wire, 0, wire.length);
        assertThatThrownBy(p[1]::next).isInstanceOf(QtlsFatalAlert.class);
    }

    @Test
    void malformedHeadersGetAlertsWithoutWaiting() {
        expectAlert(new byte[] {99}, AlertDescription.UNEXPECTED_MESSAGE);
        expectAlert(new byte[] {23, 3, 1}, AlertDescription.PROTOCOL_VERSION);
        expectAlert(
                new byte[] {23, 3, 3, (byte) 0xFF, (byte) 0xFF}, AlertDescription.RECORD_OVERFLOW);
    }

    private static void expectAlert(byte[] wire, AlertDescription d) {
        RecordLayer l = new RecordLayer();
        l.offer(wire, 0, wire.length);
        assertThatThrownBy(l::next)
                .isInstanceOf(QtlsFatalAlert.class)
                .extracting(e -> ((QtlsFatalAlert) e).description())
                .isEqualTo(d);
    }

    @Test
    void oneTimePadDecryptsOnlyWithTheSamePadAndRefusesReuse() throws Exception {
        byte[] pad = bytes(4096, 7);
        KeyPool wp = new KeyPool();
        wp.append(pad.clone());
        KeyPool rp = new KeyPool();
        rp.append(pad.clone());
        KeyPool other = new KeyPool();
        byte[] otherPad = pad.clone();
        otherPad[3] ^= 1; // one bit differs
        other.append(otherPad);

        OneTimePadProtection writer = new OneTimePadProtection(wp);
        byte[] msg = "attack at dawn".getBytes(StandardCharsets.US_ASCII);
        byte[] frag = writer.seal(0, ContentType.APPLICATION_DATA, msg);
        assertThat(new String(frag, StandardCharsets.ISO_8859_1)).doesNotContain("attack");

        assertThatThrownBy(() -> new OneTimePadProtection(other).open(0, 23, frag))
                .isInstanceOf(QtlsFatalAlert.class)
                .extracting(e -> ((QtlsFatalAlert) e).description())
                .isEqualTo(AlertDescription.BAD_RECORD_MAC);

        OneTimePadProtection reader = new OneTimePadProtection(rp);
        assertThat(reader.open(0, ContentType.APPLICATION_DATA, frag)).isEqualTo(msg);
        // The same record (same pad offset) again: refused as pad reuse.
        assertThatThrownBy(() -> reader.open(1, ContentType.APPLICATION_DATA, frag))
                .isInstanceOf(QtlsFatalAlert.class)
                .extracting(e -> ((QtlsFatalAlert) e).description())
                .isEqualTo(AlertDescription.PAD_REUSE);
        // Consecutive records use disjoint pads.
        byte[] f2 = writer.seal(1, ContentType.APPLICATION_DATA, msg);
        assertThat(java.util.Arrays.copyOf(f2, 8)).isNotEqualTo(java.util.Arrays.copyOf(frag, 8));
        assertThat(reader.open(1, ContentType.APPLICATION_DATA, f2)).isEqualTo(msg);
    }

    @Test
    void oneTimePadStopsCleanlyWhenKeyRunsOut() throws Exception {
        KeyPool wp = new KeyPool();
        wp.append(bytes(100, 9));
        OneTimePadProtection writer = new OneTimePadProtection(wp);
        writer.seal(0, 23, new byte[60]); // 60 + 32 = 92 bytes
        long before = wp.available();
        assertThatThrownBy(() -> writer.seal(1, 23, new byte[10]))
                .isInstanceOf(QtlsFatalAlert.class)
                .extracting(e -> ((QtlsFatalAlert) e).description())
                .isEqualTo(AlertDescription.QKD_KEY_EXHAUSTED);
        assertThat(wp.available()).isEqualTo(before);
    }

    @Test
    void wegmanCarterTagDependsOnEveryBit() {
        byte[] h = bytes(16, 1);
        byte[] s = bytes(16, 2);
        byte[] data = bytes(100, 3);
        byte[] tag = WegmanCarterMac.tag(h, s, new byte[0], data);
        for (int i = 0; i < data.length * 8; i += 13) {
            byte[] d = data.clone();
            d[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(WegmanCarterMac.tag(h, s, new byte[0], d)).isNotEqualTo(tag);
        }
        // Appending zeros changes the tag (lengths are hashed).
        assertThat(WegmanCarterMac.tag(h, s, new byte[0], java.util.Arrays.copyOf(data, 112)))
                .isNotEqualTo(tag);
    }
}
