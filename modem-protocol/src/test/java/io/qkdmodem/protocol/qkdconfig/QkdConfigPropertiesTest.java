package io.qkdmodem.protocol.qkdconfig;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class QkdConfigPropertiesTest {

    @Provide
    Arbitrary<QkdConfigMessage> messages() {
        Arbitrary<QkdProtocol> protocol = Arbitraries.of(QkdProtocol.class);
        Arbitrary<Integer> version = Arbitraries.integers().between(1, 255);
        Arbitrary<Integer> keyLength = Arbitraries.integers().between(1, Integer.MAX_VALUE);
        Arbitrary<Integer> ttl = Arbitraries.integers().between(1, QkdConfigMessage.MAX_TTL);
        Arbitrary<TtlUnit> unit = Arbitraries.of(TtlUnit.class);
        Arbitrary<QkdAuthentication> auth = Arbitraries.of(QkdAuthentication.class);
        Arbitrary<QkdEncoding> enc = Arbitraries.of(QkdEncoding.class);
        Arbitrary<byte[]> content = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> tagSeed = Arbitraries.bytes().array(byte[].class).ofSize(32);
        return Combinators.combine(protocol, version, keyLength, ttl, unit, auth, enc, content)
                .flatAs(
                        (p, v, k, t, u, a, e, c) ->
                                tagSeed.map(
                                        s ->
                                                QkdConfigMessage.builder()
                                                        .protocol(p)
                                                        .version(v)
                                                        .keyLengthBytes(k)
                                                        .ttl(t, u)
                                                        .authentication(a)
                                                        .encoding(e)
                                                        .content(c)
                                                        .tag(
                                                                java.util.Arrays.copyOf(
                                                                        s, a.tagLength()))
                                                        .build()));
    }

    @Property(tries = 500)
    void everyMessageRoundTrips(@ForAll("messages") QkdConfigMessage m) throws Exception {
        byte[] wire = m.encode();
        assertThat(wire).hasSize(m.length());
        assertThat(QkdConfigMessage.decode(wire)).isEqualTo(m);
    }

    @Property(tries = 2000)
    void garbageOnlyEverRaisesTheCodecsOwnError(@ForAll @Size(max = 80) byte[] garbage) {
        try {
            QkdConfigMessage m = QkdConfigMessage.decode(garbage);
            assertThat(m.encode()).isEqualTo(garbage);
        } catch (QkdConfigException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }
}
