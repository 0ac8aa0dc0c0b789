package io.qkdmodem.firmware.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.qkdmodem.protocol.message.KeyRef;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

// AUDIT finding 16: consume read the reservation state and consumed it in two store calls, so two
// concurrent CONSUMEs of one reference could both report "this call consumed it".
class ConcurrentConsumeTest {
    @Test
    void ofTwoConcurrentConsumesExactlyOneReportsIt() throws Exception {
        KeyStore real =
                FlashKeyStore.format(
                        new InMemoryNorFlash(FirmwareConfig.defaultGeometry()),
                        DeviceKey.of(new byte[32]),
                        KeyStoreConfig.defaults());
        real.append(
                new KeyBlock(
                        0, 1L, AcquisitionCounts.none(), KeyMaterial.copyOf(new byte[512], 4096)));
        // Both reservation() calls meet at a barrier (if the backend lets both in), so an
        // unguarded check-then-act interleaves deterministically.
        CyclicBarrier meet = new CyclicBarrier(2);
        KeyStore gated =
                (KeyStore)
                        Proxy.newProxyInstance(
                                KeyStore.class.getClassLoader(),
                                new Class<?>[] {KeyStore.class},
                                (proxy, m, args) -> {
                                    if (m.getName().equals("reservation")) {
                                        try {
                                            meet.await(1, TimeUnit.SECONDS);
                                        } catch (TimeoutException | BrokenBarrierException e) {
                                            // the other caller is held back by the backend
                                        }
                                    }
                                    try {
                                        return m.invoke(real, args);
                                    } catch (InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
        try (AuthKeyPool pool = AuthKeyPool.inMemory(new byte[64])) {
            FirmwareBackend backend = FirmwareBackend.create(gated, pool, () -> null, null);
            KeyRef ref = backend.reserve(1, 1024);
            ExecutorService ex = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> a = ex.submit(() -> backend.consume(ref));
                Future<Boolean> b = ex.submit(() -> backend.consume(ref));
                int reported = (a.get() ? 1 : 0) + (b.get() ? 1 : 0);
                assertThat(reported).isEqualTo(1);
            } finally {
                ex.shutdownNow();
            }
        } finally {
            real.close();
        }
    }
}
