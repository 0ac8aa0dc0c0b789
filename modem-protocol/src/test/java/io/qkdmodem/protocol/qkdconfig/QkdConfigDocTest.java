package io.qkdmodem.protocol.qkdconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.protocol.testing.Docs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/protocol/qkd-config.md states the code tables and worked examples; this keeps it true. */
class QkdConfigDocTest {

    private final String doc;

    QkdConfigDocTest() throws Exception {
        doc = Docs.read("protocol/qkd-config.md");
    }

    private static int code(String hex) {
        return Integer.parseInt(hex.substring(2), 16);
    }

    @Test
    void typeTableMatchesCode() {
        List<String[]> rows = Docs.codeRows(Docs.sectionAfter(doc, "Type:"));
        assertThat(rows).hasSize(QkdType.values().length);
        for (String[] r : rows) {
            assertThat(QkdType.fromCode(code(r[0]))).isEqualTo(QkdType.valueOf(r[1]));
        }
    }

    @Test
    void protocolTableMatchesCode() {
        List<String[]> rows = Docs.codeRows(Docs.sectionAfter(doc, "Protocol (each"));
        assertThat(rows).hasSize(QkdProtocol.values().length);
        for (String[] r : rows) {
            QkdProtocol p = QkdProtocol.fromCode(code(r[0]));
            assertThat(p).isEqualTo(QkdProtocol.valueOf(r[1]));
            assertThat(p.type()).isEqualTo(QkdType.valueOf(r[2]));
        }
    }

    @Test
    void authenticationTableMatchesCode() {
        List<String[]> rows = Docs.codeRows(Docs.sectionAfter(doc, "Authentication:"));
        assertThat(rows).hasSize(QkdAuthentication.values().length);
        for (String[] r : rows) {
            QkdAuthentication a = QkdAuthentication.fromCode(code(r[0]));
            assertThat(a).isEqualTo(QkdAuthentication.valueOf(r[1]));
            assertThat(a.tagLength()).isEqualTo(Integer.parseInt(r[2]));
        }
    }

    @Test
    void encodingTableMatchesCode() {
        List<String[]> rows = Docs.codeRows(Docs.sectionAfter(doc, "Encoding:"));
        assertThat(rows).hasSize(QkdEncoding.values().length);
        for (String[] r : rows) {
            assertThat(QkdEncoding.fromCode(code(r[0]))).isEqualTo(QkdEncoding.valueOf(r[1]));
        }
    }

    @Test
    void paperExampleInDocsIsWhatTheProfileEncodes() throws Exception {
        byte[] dump = Docs.hexBlockAfter(doc, "## Worked example: the paper's profile");
        assertThat(dump).isEqualTo(QkdConfigProfile.PAPER_BB84.message().encode());
        assertThat(QkdConfigMessage.decode(dump)).isEqualTo(QkdConfigProfile.PAPER_BB84.message());
    }

    @Test
    void contentAndTagExampleInDocsDecodes() throws Exception {
        byte[] dump = Docs.hexBlockAfter(doc, "## Worked example: with content and tag");
        byte[] tag = new byte[16];
        for (int i = 0; i < 16; i++) {
            tag[i] = (byte) i;
        }
        QkdConfigMessage expected =
                QkdConfigMessage.builder()
                        .protocol(QkdProtocol.B92)
                        .version(2)
                        .keyLengthBytes(32)
                        .ttl(60, TtlUnit.SECONDS)
                        .authentication(QkdAuthentication.HMAC_SHA256_128)
                        .encoding(QkdEncoding.NONE)
                        .content(new byte[] {(byte) 0xCA, (byte) 0xFE})
                        .tag(tag)
                        .build();
        assertThat(QkdConfigMessage.decode(dump)).isEqualTo(expected);
        assertThat(expected.encode()).isEqualTo(dump);
    }
}
