package io.qkdmodem.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.protocol.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrcAndCobsTest {

    @Test
    void crc32cCheckValue() {
        // Source: RFC 3720 appendix B.4 / the CRC catalogue entry CRC-32/ISCSI, check = 0xE3069283.
        assertThat(Crc32c.compute("123456789".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(0xE3069283);
    }

    @Test
    void crc32cOf32Zeros() {
        // Source: RFC 3720 appendix B.4, 32 bytes of zeros -> aa 36 91 8a (stored little-endian
        // there), i.e. the value 0x8A9136AA.
        assertThat(Crc32c.compute(new byte[32])).isEqualTo(0x8A9136AA);
    }

    // Source: the worked examples of the COBS article on Wikipedia (Cheshire & Baker's algorithm),
    // without the trailing 0x00 delimiter.
    @ParameterizedTest
    @CsvSource({
        "00, 01 01",
        "00 00, 01 01 01",
        "00 11 00, 01 02 11 01",
        "11 22 00 33, 03 11 22 02 33",
        "11 22 33 44, 05 11 22 33 44",
        "11 00 00 00, 02 11 01 01 01",
    })
    void cobsVectors(String raw, String stuffed) {
        byte[] in = Hex.parse(raw);
        byte[] out = new byte[Cobs.maxEncodedLength(in.length)];
        int n = Cobs.encode(in, 0, in.length, out, 0);
        assertThat(Hex.format(Arrays.copyOf(out, n))).isEqualTo(stuffed);
        byte[] back = new byte[in.length];
        assertThat(Cobs.decode(out, 0, n, back, 0)).isEqualTo(in.length);
        assertThat(back).isEqualTo(in);
    }

    @Test
    void cobs254And255NonZeroBytes() {
        // Source: Wikipedia COBS examples 5 and 6: 01..FE -> FF 01..FE; 01..FF -> FF 01..FE 02 FF.
        byte[] a = new byte[254];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (i + 1);
        }
        byte[] out = new byte[300];
        int n = Cobs.encode(a, 0, a.length, out, 0);
        assertThat(n).isEqualTo(255);
        assertThat(out[0]).isEqualTo((byte) 0xFF);
        byte[] b = Arrays.copyOf(a, 255);
        b[254] = (byte) 0xFF;
        n = Cobs.encode(b, 0, b.length, out, 0);
        assertThat(n).isEqualTo(257);
        assertThat(Hex.format(Arrays.copyOfRange(out, 254, 257))).isEqualTo("fe 02 ff");
        byte[] back = new byte[300];
        assertThat(Cobs.decode(out, 0, n, back, 0)).isEqualTo(255);
        assertThat(Arrays.copyOf(back, 255)).isEqualTo(b);
    }

    @Test
    void invalidStuffingIsRejected() {
        byte[] dst = new byte[16];
        assertThat(Cobs.decode(Hex.parse("05 11 22"), 0, 3, dst, 0)).isEqualTo(-1);
        assertThat(Cobs.decode(Hex.parse("02 00"), 0, 2, dst, 0)).isEqualTo(-1);
    }
}
