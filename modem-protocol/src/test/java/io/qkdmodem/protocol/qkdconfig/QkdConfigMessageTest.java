package io.qkdmodem.protocol.qkdconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.protocol.qkdconfig.QkdConfigException.Reason;
import io.qkdmodem.protocol.testing.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QkdConfigMessageTest {

    // Source: the paper's worked example (section 4.3, DESIGN.md section 4), encoded by hand from
    // the Fig. 2 layout: Type 01, Protocol 01 (BB84), Version 01, Length 15, Key-Length 20,
    // TTL/T = 200 << 1 | 0 = 0x0190, Authentication 00, Encoding 00.
    static final String PAPER_VECTOR = "01 01 01 00 00 00 0f 00 00 00 14 01 90 00 00";

    @Test
    void paperProfileEncodesToTheHandComputedVector() {
        QkdConfigMessage m = QkdConfigProfile.PAPER_BB84.message();
        assertThat(Hex.format(m.encode())).isEqualTo(PAPER_VECTOR);
        assertThat(m.protocol()).isEqualTo(QkdProtocol.BB84);
        assertThat(m.type()).isEqualTo(QkdType.UNCERTAINTY);
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.keyLengthBytes()).isEqualTo(20);
        assertThat(m.ttl()).isEqualTo(200);
        assertThat(m.ttlUnit()).isEqualTo(TtlUnit.MESSAGES);
        assertThat(m.authentication()).isEqualTo(QkdAuthentication.NONE);
        assertThat(m.encoding()).isEqualTo(QkdEncoding.NONE);
        assertThat(m.length()).isEqualTo(15);
    }

    @Test
    void paperVectorDecodesToTheProfile() throws Exception {
        assertThat(QkdConfigMessage.decode(Hex.parse(PAPER_VECTOR)))
                .isEqualTo(QkdConfigProfile.PAPER_BB84.message());
    }

    @Test
    void tBitOneMeansSeconds() throws Exception {
        byte[] b = Hex.parse(PAPER_VECTOR);
        b[12] |= 1;
        QkdConfigMessage m = QkdConfigMessage.decode(b);
        assertThat(m.ttlUnit()).isEqualTo(TtlUnit.SECONDS);
        assertThat(m.ttl()).isEqualTo(200);
    }

    @Test
    void maximumTtlUsesAllFifteenBits() throws Exception {
        QkdConfigMessage m =
                QkdConfigProfile.PAPER_BB84.message().toBuilder()
                        .ttl(QkdConfigMessage.MAX_TTL, TtlUnit.SECONDS)
                        .build();
        byte[] b = m.encode();
        assertThat(b[11] & 0xFF).isEqualTo(0xFF);
        assertThat(b[12] & 0xFF).isEqualTo(0xFF);
        assertThat(QkdConfigMessage.decode(b)).isEqualTo(m);
    }

    @ParameterizedTest
    @EnumSource(QkdAuthentication.class)
    void contentAndTagRoundTripForEveryAuthentication(QkdAuthentication auth) throws Exception {
        for (QkdEncoding enc : QkdEncoding.values()) {
            byte[] tag = new byte[auth.tagLength()];
            for (int i = 0; i < tag.length; i++) {
                tag[i] = (byte) (0xA0 + i);
            }
            QkdConfigMessage m =
                    QkdConfigMessage.builder()
                            .protocol(QkdProtocol.E91)
                            .version(7)
                            .keyLengthBytes(4096)
                            .ttl(1, TtlUnit.MESSAGES)
                            .authentication(auth)
                            .encoding(enc)
                            .content(new byte[] {1, 2, 3})
                            .tag(tag)
                            .build();
            byte[] wire = m.encode();
            assertThat(wire).hasSize(15 + 3 + auth.tagLength());
            QkdConfigMessage back = QkdConfigMessage.decode(wire);
            assertThat(back).isEqualTo(m);
            assertThat(back.type()).isEqualTo(QkdType.ENTANGLEMENT);
            assertThat(back.tag()).isEqualTo(tag);
            assertThat(m.authenticatedBytes()).hasSize(wire.length - tag.length);
        }
    }

    @Test
    void toStringShowsNoContentBytes() {
        QkdConfigMessage m =
                QkdConfigProfile.PAPER_BB84.message().toBuilder()
                        .content(new byte[] {(byte) 0xCA, (byte) 0xFE})
                        .build();
        assertThat(m.toString()).doesNotContain("ca").doesNotContain("CA").contains("content=2B");
    }

    private static Reason reasonOf(String hex) {
        try {
            QkdConfigMessage.decode(Hex.parse(hex));
        } catch (QkdConfigException e) {
            return e.reason();
        }
        throw new AssertionError("decoded without error: " + hex);
    }

    @Test
    void everyMalformedInputHasItsReason() {
        assertThat(reasonOf("01 01 01 00 00 00 0f 00 00 00 14 01 90 00"))
                .isEqualTo(Reason.TRUNCATED);
        assertThat(reasonOf("01 01 01 00 00 00 10 00 00 00 14 01 90 00 00"))
                .isEqualTo(Reason.TRUNCATED);
        assertThat(reasonOf("01 01 01 00 00 00 0f 00 00 00 14 01 90 00 00 ff"))
                .isEqualTo(Reason.TRAILING_BYTES);
        assertThat(reasonOf("01 01 01 00 00 00 0e 00 00 00 14 01 90 00 00"))
                .isEqualTo(Reason.LENGTH_TOO_SMALL);
        // HMAC_SHA256 needs 32 tag bytes, Length 15 leaves none
        assertThat(reasonOf("01 01 01 00 00 00 0f 00 00 00 14 01 90 01 00"))
                .isEqualTo(Reason.LENGTH_TOO_SMALL);
        assertThat(reasonOf("01 01 01 7f ff ff ff 00 00 00 14 01 90 00 00"))
                .isEqualTo(Reason.LENGTH_TOO_LARGE);
        assertThat(reasonOf("03 01 01 00 00 00 0f 00 00 00 14 01 90 00 00"))
                .isEqualTo(Reason.UNKNOWN_TYPE);
        assertThat(reasonOf("01 09 01 00 00 00 0f 00 00 00 14 01 90 00 00"))
                .isEqualTo(Reason.UNKNOWN_PROTOCOL);
        assertThat(reasonOf("02 01 01 00 00 00 0f 00 00 00 14 01 90 00 00"))
                .isEqualTo(Reason.TYPE_PROTOCOL_MISMATCH);
        assertThat(reasonOf("01 01 00 00 00 00 0f 00 00 00 14 01 90 00 00"))
                .isEqualTo(Reason.INVALID_VERSION);
        assertThat(reasonOf("01 01 01 00 00 00 0f 00 00 00 00 01 90 00 00"))
                .isEqualTo(Reason.INVALID_KEY_LENGTH);
        assertThat(reasonOf("01 01 01 00 00 00 0f 80 00 00 00 01 90 00 00"))
                .isEqualTo(Reason.INVALID_KEY_LENGTH);
        assertThat(reasonOf("01 01 01 00 00 00 0f 00 00 00 14 00 01 00 00"))
                .isEqualTo(Reason.INVALID_TTL);
        assertThat(reasonOf("01 01 01 00 00 00 0f 00 00 00 14 01 90 04 00"))
                .isEqualTo(Reason.UNKNOWN_AUTHENTICATION);
        assertThat(reasonOf("01 01 01 00 00 00 0f 00 00 00 14 01 90 00 03"))
                .isEqualTo(Reason.UNKNOWN_ENCODING);
    }

    @Test
    void builderRejectsInconsistentFieldsNamingTheRule() {
        assertThatThrownBy(
                        () ->
                                QkdConfigMessage.builder()
                                        .protocol(QkdProtocol.BB84)
                                        .keyLengthBytes(20)
                                        .ttl(1, TtlUnit.MESSAGES)
                                        .authentication(QkdAuthentication.HMAC_SHA256)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TAG_LENGTH_MISMATCH")
                .hasMessageContaining("32-byte tag");
        assertThatThrownBy(
                        () ->
                                QkdConfigMessage.builder()
                                        .protocol(QkdProtocol.BB84)
                                        .keyLengthBytes(20)
                                        .ttl(QkdConfigMessage.MAX_TTL + 1, TtlUnit.MESSAGES)
                                        .build())
                .hasMessageContaining("INVALID_TTL");
    }

    @Test
    void peekLengthReadsTheLengthField() {
        byte[] b = Hex.parse(PAPER_VECTOR);
        assertThat(QkdConfigMessage.peekLength(b, 0, 6)).isEqualTo(-1);
        assertThat(QkdConfigMessage.peekLength(b, 0, 7)).isEqualTo(15);
    }
}
