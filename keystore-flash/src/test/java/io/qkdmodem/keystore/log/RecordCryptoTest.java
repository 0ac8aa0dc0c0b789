package io.qkdmodem.keystore.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.Fixtures;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.RequestId;
import io.qkdmodem.keystore.Reservation;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import org.junit.jupiter.api.Test;

/** Audit finding 13 (key store part): the record key is destroyed when the store closes. */
class RecordCryptoTest {
    private static final byte[] SALT = new byte[16];

    @Test
    void destroyZeroizesTheKeyAndRefusesFurtherUse() {
        byte[] deviceKey = new byte[32];
        deviceKey[0] = 1;
        RecordCrypto c = RecordCrypto.derive(deviceKey, SALT);
        byte[] aad = {1, 2, 3};
        byte[] plain = {10, 20, 30, 40};
        byte[] sealed = new byte[plain.length + Layout.TAG_LEN];
        c.seal(5, 0, aad, plain, 0, plain.length, sealed, 0);
        assertThat(c.open(5, 0, aad, sealed, 0, sealed.length)).isEqualTo(plain);
        assertThat(c.keyBytesZeroized()).isFalse();

        c.destroy();
        c.destroy(); // idempotent

        assertThat(c.isDestroyed()).isTrue();
        assertThat(c.keyBytesZeroized()).isTrue();
        assertThatThrownBy(() -> c.open(5, 0, aad, sealed, 0, sealed.length))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.seal(6, 0, aad, plain, 0, plain.length, sealed, 0))
                .isInstanceOf(IllegalStateException.class);
        // a fresh derivation from the same inputs still opens what was sealed
        assertThat(RecordCrypto.derive(deviceKey, SALT).open(5, 0, aad, sealed, 0, sealed.length))
                .isEqualTo(plain);
    }

    @Test
    void closingTheStoreDestroysItsRecordKey() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        DeviceKey key = Fixtures.deviceKey(1);
        KeyStoreConfig config = KeyStoreConfig.defaults().withSegmentBits(256);
        FlashKeyStore s = FlashKeyStore.format(flash, key, config);
        s.append(Fixtures.block(7, 5000));
        Reservation r = s.reserve(RequestId.of("a"), 1000);
        assertThat(s.crypto.isDestroyed()).isFalse();
        s.close();
        assertThat(s.crypto.isDestroyed()).isTrue();
        assertThat(s.crypto.keyBytesZeroized()).isTrue();
        assertThatThrownBy(() -> s.read(r.reference()))
                .isInstanceOfSatisfying(
                        KeyStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyStoreException.Reason.CLOSED));

        FlashKeyStore t = FlashKeyStore.mount(flash, key, config);
        assertThat(t.crypto).isNotSameAs(s.crypto);
        assertThat(t.read(r.reference()).bitLength()).isEqualTo(1000);
        t.close();
        assertThat(t.crypto.isDestroyed()).isTrue();
    }
}
