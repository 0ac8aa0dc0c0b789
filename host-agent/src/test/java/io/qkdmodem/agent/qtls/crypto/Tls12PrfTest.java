package io.qkdmodem.agent.qtls.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Tls12PrfTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * TLS 1.2 PRF (SHA-256) test vector published on the IETF TLS list by Joseph Birr-Pixton, "TLS
     * 1.2 PRF test vectors", https://www.ietf.org/mail-archive/web/tls/current/msg03416.html (also
     * reproduced in the OASIS PKCS#11 list, 2014-11, msg00019).
     */
    @Test
    void matchesPublishedSha256Vector() {
        byte[] secret = HEX.parseHex("9bbe436ba940f017b17652849a71db35");
        byte[] seed = HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c");
        byte[] expected =
                HEX.parseHex(
                        "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                                + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                                + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                                + "87347b66");

        assertThat(Tls12Prf.prf(secret, "test label", seed, 100)).isEqualTo(expected);
    }

    @Test
    void shorterOutputIsAPrefix() {
        byte[] secret = HEX.parseHex("9bbe436ba940f017b17652849a71db35");
        byte[] seed = HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c");
        byte[] full = Tls12Prf.prf(secret, "test label", seed, 100);
        byte[] part = Tls12Prf.prf(secret, "test label", seed, 12);
        assertThat(part).isEqualTo(java.util.Arrays.copyOf(full, 12));
    }

    @Test
    void secretHandleHidesMaterialAndZeroizes() {
        QtlsSecret s = QtlsSecret.copyOf(new byte[] {1, 2, 3});
        assertThat(s.toString()).doesNotContain("1").contains("hidden");
        s.destroy();
        assertThat(s.isDestroyed()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(s::extract)
                .isInstanceOf(IllegalStateException.class);
    }
}
