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
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.flash.FileNorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import io.qkdmodem.protocol.message.CountsResponse;
import io.qkdmodem.protocol.message.ErrorCode;
import io.qkdmodem.protocol.message.FetchResponse;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.session.ModemBackend.Reserved;
import io.qkdmodem.protocol.session.ModemException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RESERVE mode 2 on the firmware's key store: a whole block of at least the asked size, exactly its
 * bits (so COUNTS covers them), the same answer to a retry also after a restart, the peer's modem
 * reserving the same block by reference, and nothing reserved when no block is big enough.
 */
class WholeBlockReserveTest {
    private static final DeviceKey DEVICE_KEY = DeviceKey.of(new byte[32]);

    private static AcquisitionCounts counts(long zBits) {
        return AcquisitionCounts.builder()
                .set(IntensityClass.SIGNAL, Basis.Z, 100_000, 9000, zBits)
                .set(IntensityClass.SIGNAL, Basis.X, 100_000, 9000, 700)
                .errors(IntensityClass.SIGNAL, Basis.X, 21)
                .build();
    }

    private static byte[] bits(long seed, int n) {
        byte[] b = new byte[(n + 7) / 8];
        new SplittableRandom(seed).nextBytes(b);
        if (n % 8 != 0) {
            b[b.length - 1] &= (byte) (0xFF << (8 - n % 8));
        }
        return b;
    }

    /** One modem's store with blocks 1 (3000 bits), 2 (5000), 3 (4100), as both modems hold. */
    private static FlashKeyStore store(Path dir, String who) {
        FlashKeyStore s =
                FlashKeyStore.format(
                        FileNorFlash.create(
                                dir.resolve(who + ".img"), FirmwareConfig.defaultGeometry()),
                        DEVICE_KEY,
                        KeyStoreConfig.defaults());
        int[] sizes = {3000, 5000, 4100};
        for (int i = 0; i < sizes.length; i++) {
            s.append(
                    new KeyBlock(
                            i + 1,
                            1L,
                            counts(sizes[i]),
                            KeyMaterial.copyOf(bits(i + 1, sizes[i]), sizes[i])));
        }
        return s;
    }

    private static byte[] fetchAll(FirmwareBackend b, KeyRef ref) throws ModemException {
        FetchResponse r = b.fetch(ref, 0, 1 << 20);
        return r.data();
    }

    @Test
    void wholeBlockReservationIsExactIdempotentAndSurvivesARestart(@TempDir Path dir)
            throws Exception {
        Reserved first;
        try (FlashKeyStore store = store(dir, "alice");
                AuthKeyPool pool = AuthKeyPool.inMemory(new byte[64]);
                FirmwareBackend alice =
                        FirmwareBackend.create(
                                store, pool, () -> null, dir.resolve("alice.refs"))) {
            first = alice.reserveBlock(77, 4000);
            // Block 1 is too small; block 2 is the oldest big enough, all of it.
            assertThat(first.bits()).isEqualTo(5000);
            assertThat(first.ref()).isEqualTo(KeyRef.of(2, 0, 5000));
            assertThat(alice.reserveBlock(77, 4000)).isEqualTo(first);
            assertThat(fetchAll(alice, first.ref())).isEqualTo(bits(2, 5000));
            CountsResponse c = alice.counts(first.ref());
            assertThat(c.coversBlock()).isTrue();
            assertThat(c.bitLength()).isEqualTo(5000);
            assertThat(c.count(2, 0)).isEqualTo(5000); // sifted Z = the key bits
            assertThat(store.stats().reservedBits()).isEqualTo(5000);
        }
        // Restart: the retry gets the same block, FETCH and COUNTS still work.
        try (FlashKeyStore store =
                        FlashKeyStore.mount(
                                FileNorFlash.open(dir.resolve("alice.img")),
                                DEVICE_KEY,
                                KeyStoreConfig.defaults());
                AuthKeyPool pool = AuthKeyPool.inMemory(new byte[64]);
                FirmwareBackend alice =
                        FirmwareBackend.create(
                                store, pool, () -> null, dir.resolve("alice.refs"))) {
            assertThat(alice.reserveBlock(77, 4000)).isEqualTo(first);
            assertThat(fetchAll(alice, first.ref())).isEqualTo(bits(2, 5000));
            assertThat(alice.counts(first.ref()).coversBlock()).isTrue();
            // The next whole block is block 3; then none is left that large: refused, no change.
            Reserved second = alice.reserveBlock(78, 4000);
            assertThat(second.ref()).isEqualTo(KeyRef.of(3, 0, 4100));
            long reserved = store.stats().reservedBits();
            assertThatThrownBy(() -> alice.reserveBlock(79, 4000))
                    .isInstanceOfSatisfying(
                            ModemException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_KEY));
            assertThat(store.stats().reservedBits()).isEqualTo(reserved);
            // A whole-block retry whose id named a partial reservation is a conflict.
            alice.reserve(80, 1000);
            assertThatThrownBy(() -> alice.reserveBlock(80, 1000))
                    .isInstanceOfSatisfying(
                            ModemException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_ID_CONFLICT));
        }
        // Bob's modem reserves the same block by the reference and the response's size.
        try (FlashKeyStore store = store(dir, "bob");
                AuthKeyPool pool = AuthKeyPool.inMemory(new byte[64]);
                FirmwareBackend bob = FirmwareBackend.create(store, pool, () -> null, null)) {
            KeyRef ref = bob.reserveReference(5, first.ref(), first.bits());
            assertThat(ref).isEqualTo(first.ref());
            assertThat(fetchAll(bob, ref)).isEqualTo(bits(2, 5000));
            assertThat(bob.counts(ref).coversBlock()).isTrue();
            // Another whole-block request on Bob's modem never takes the block Alice's host took.
            assertThat(bob.reserveBlock(6, 4000).ref().bytes()).isNotEqualTo(first.ref().bytes());
            assertThat(Arrays.equals(first.ref().bytes(), KeyRef.of(2, 0, 5000).bytes())).isTrue();
        }
    }
}
