package io.qkdmodem.firmware.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.Basis;
import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.IntensityClass;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import io.qkdmodem.protocol.message.CountsResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.session.ModemException;
import org.junit.jupiter.api.Test;

/** COUNTS answers with the reservation's place in its block and the block's stored counts. */
class CountsBackendTest {
    @Test
    void countsOfAReferenceAreItsBlocksStoredCounts() throws Exception {
        AcquisitionCounts counts =
                AcquisitionCounts.builder()
                        .set(IntensityClass.SIGNAL, Basis.Z, 10_000, 3000, 2048)
                        .set(IntensityClass.SIGNAL, Basis.X, 1000, 300, 150)
                        .set(IntensityClass.DECOY, Basis.Z, 500, 100, 50)
                        .set(IntensityClass.DECOY, Basis.X, 500, 100, 40)
                        .errors(IntensityClass.SIGNAL, Basis.X, 3)
                        .errors(IntensityClass.DECOY, Basis.X, 2)
                        .build();
        try (KeyStore store =
                        FlashKeyStore.format(
                                new InMemoryNorFlash(FirmwareConfig.defaultGeometry()),
                                DeviceKey.of(new byte[32]),
                                KeyStoreConfig.defaults());
                AuthKeyPool pool = AuthKeyPool.inMemory(new byte[64])) {
            store.append(new KeyBlock(4, 1L, counts, KeyMaterial.copyOf(new byte[512], 4096)));
            FirmwareBackend backend = FirmwareBackend.create(store, pool, () -> null, null);
            KeyRef whole = backend.reserve(1, 4096);
            CountsResponse c = backend.counts(whole);
            assertThat(c.blockId()).isEqualTo(4);
            assertThat(c.blockBits()).isEqualTo(4096);
            assertThat(c.coversBlock()).isTrue();
            assertThat(c.errorsRecorded()).isTrue();
            // kind 2 = sifted, kind 3 = errors; cell DECOY.X = 3
            assertThat(c.count(2, 3)).isEqualTo(40);
            assertThat(c.count(3, 3)).isEqualTo(2);
            assertThat(c.count(3, 1)).isEqualTo(3);
            assertThat(c.count(0, 0)).isEqualTo(10_000);
            backend.consume(whole);
            assertThatThrownBy(() -> backend.counts(KeyRef.of(99, 0, 8)))
                    .isInstanceOfSatisfying(
                            ModemException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_REFERENCE));
        }
    }
}
