package io.qkdmodem.keystore.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.keystore.AcquisitionCounts;
import io.qkdmodem.keystore.Basis;
import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.Fixtures;
import io.qkdmodem.keystore.IntensityClass;
import io.qkdmodem.keystore.KeyBlock;
import io.qkdmodem.keystore.KeyMaterial;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import org.junit.jupiter.api.Test;

/** Key meta version 2 carries error counts; version 1 records (no errors) still mount. */
class KeyMetaVersionTest {
    private static final KeyStoreConfig CONFIG = KeyStoreConfig.defaults().withSegmentBits(256);
    private final DeviceKey key = Fixtures.deviceKey(3);

    @Test
    void newBlocksAreWrittenAsVersion2WithErrors() {
        AcquisitionCounts c = Fixtures.counts(5);
        Meta.Key k = new Meta.Key(5, 1, 4096, 256, c, new int[] {0}, new int[] {16});
        byte[] enc = k.encode();
        assertThat(enc[0]).isEqualTo(Meta.KEY_V2);
        Meta.Key back = (Meta.Key) Meta.decode(enc);
        assertThat(back.counts()).isEqualTo(c);
        assertThat(back.counts().errorsRecorded()).isTrue();
        assertThat(back.counts().errors(IntensityClass.DECOY, Basis.X))
                .isEqualTo(c.errors(IntensityClass.DECOY, Basis.X))
                .isPositive();
    }

    @Test
    void version1RecordDecodesWithErrorsNotRecorded() {
        AcquisitionCounts full = Fixtures.counts(6);
        AcquisitionCounts v1 =
                AcquisitionCounts.ofCells(full.cells(0), full.cells(1), full.cells(2));
        byte[] enc = new Meta.Key(6, 1, 4096, 256, v1, new int[] {0}, new int[] {16}).encode();
        assertThat(enc[0]).isEqualTo(Meta.KEY);
        // layout of docs/keystore.md 2.3, type 1: 1 + 8 + 8 + 4 + 4 + 3*6*8 + 4 + 8 bytes
        assertThat(enc).hasSize(1 + 8 + 8 + 4 + 4 + 144 + 4 + 8);
        Meta.Key back = (Meta.Key) Meta.decode(enc);
        assertThat(back.counts().errorsRecorded()).isFalse();
        assertThat(back.counts().sifted(IntensityClass.VACUUM, Basis.Z))
                .isEqualTo(full.sifted(IntensityClass.VACUUM, Basis.Z));
        assertThat(back.counts().errors(IntensityClass.SIGNAL, Basis.Z)).isZero();
    }

    @Test
    void storeWithVersion1BlockRemountsAndKeepsBothVersions() {
        InMemoryNorFlash flash = new InMemoryNorFlash(Fixtures.SMALL);
        FlashKeyStore s = FlashKeyStore.format(flash, key, CONFIG);
        AcquisitionCounts full = Fixtures.counts(1);
        AcquisitionCounts v1 =
                AcquisitionCounts.ofCells(full.cells(0), full.cells(1), full.cells(2));
        s.append(new KeyBlock(1, 10, v1, KeyMaterial.copyOf(Fixtures.bits(1, 2048), 2048)));
        s.append(new KeyBlock(2, 11, full, KeyMaterial.copyOf(Fixtures.bits(2, 2048), 2048)));
        s.close();

        FlashKeyStore t = FlashKeyStore.mount(flash, key, CONFIG);
        assertThat(t.blockInfo(1).orElseThrow().counts()).isEqualTo(v1);
        assertThat(t.blockInfo(1).orElseThrow().counts().errorsRecorded()).isFalse();
        assertThat(t.blockInfo(2).orElseThrow().counts()).isEqualTo(full);
        t.close();
    }

    @Test
    void errorsAboveSiftedAreRejected() {
        AcquisitionCounts.Builder b =
                AcquisitionCounts.builder()
                        .set(IntensityClass.SIGNAL, Basis.Z, 100, 10, 5)
                        .errors(IntensityClass.SIGNAL, Basis.Z, 6);
        assertThatThrownBy(b::build)
                .isInstanceOf(KeyStoreException.class)
                .hasMessageNotContaining("6");
    }
}
