package io.qkdmodem.firmware.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.ReplenishResponse;
import io.qkdmodem.protocol.session.ModemException;
import org.junit.jupiter.api.Test;

// Review finding: REPLENISH placed a slice for any well-formed reference, so a stale or forged one
// could place material far ahead and make Alice's nextUsable jump over the pool before it.
class ReplenishReferenceTest {
    @Test
    void onlyReferencesThisModemIssuedPlaceASlice() throws Exception {
        try (KeyStore store =
                        FlashKeyStore.format(
                                new InMemoryNorFlash(FirmwareConfig.defaultGeometry()),
                                DeviceKey.of(new byte[32]),
                                KeyStoreConfig.defaults());
                AuthKeyPool pool = AuthKeyPool.inMemory(new byte[64])) {
            store.append(
                    new KeyBlock(
                            0,
                            1L,
                            AcquisitionCounts.none(),
                            KeyMaterial.copyOf(new byte[512], 4096)));
            FirmwareBackend backend = FirmwareBackend.create(store, pool, () -> null, null);
            long end = pool.end();
            for (KeyRef forged :
                    new KeyRef[] {KeyRef.of(1_000_000, 0, 4096), KeyRef.of(0, 2048, 1024)}) {
                assertThatThrownBy(() -> backend.replenish(forged, new byte[32]))
                        .isInstanceOfSatisfying(
                                ModemException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_REFERENCE));
            }
            assertThat(pool.end()).isEqualTo(end); // nothing placed
            assertThat(pool.nextUsable(0, 32)).isZero();

            KeyRef issued = backend.reserve(1, 1024);
            assertThat(backend.consume(issued)).isTrue();
            assertThat(backend.replenish(issued, new byte[32]).outcome())
                    .isEqualTo(ReplenishResponse.PLACED);
        }
    }
}
