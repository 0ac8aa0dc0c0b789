package io.qkdmodem.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.link.Confirm;
import io.qkdmodem.firmware.link.LinkMessage;
import io.qkdmodem.firmware.link.Sift;
import io.qkdmodem.firmware.testing.FirmwarePair;
import io.qkdmodem.firmware.testing.TamperingConnector;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.protocol.message.KeyRef;
import io.qkdmodem.protocol.message.ReplenishResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link monitor against an eavesdropper, and the Wegman-Carter tags against a MITM. */
class LinkSecurityTest {

    @Test
    void interceptResendRaisesTheQberAndTheAlarmOnBothSides(@TempDir Path dir) throws Exception {
        Map<String, String> sim = new HashMap<>(TwoFirmwareTest.CLEAN);
        sim.put("sim.eve", "intercept-resend");
        sim.put("sim.eve-fraction", "1");
        try (FirmwarePair pair =
                new FirmwarePair(dir, TwoFirmwareTest.settings(), sim, UnaryOperator.identity())) {
            pair.start();
            FirmwarePair.await("the alarm at Bob", 60, () -> pair.bob.status().qberAlarm());
            FirmwarePair.await("the alarm at Alice", 30, () -> pair.alice.status().qberAlarm());
            // intercept-resend on every pulse: 25 % errors on the sifted bits
            assertThat(pair.bob.status().qber()).isBetween(0.18, 0.32);
            assertThat(pair.bob.status().lastProblem()).contains("QBER");
        }
    }

    @Test
    void aCleanChannelRaisesNoAlarm(@TempDir Path dir) throws Exception {
        Map<String, String> sim = Map.of("sim.length-km", "0");
        try (FirmwarePair pair =
                new FirmwarePair(dir, TwoFirmwareTest.settings(), sim, UnaryOperator.identity())) {
            pair.start();
            FirmwarePair.await("3 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 3);
            // misalignment 3.3 %: below the 11 % alarm threshold
            assertThat(pair.bob.status().qber()).isBetween(0.005, 0.08);
            assertThat(pair.bob.status().qberAlarm()).isFalse();
        }
    }

    @Test
    void aTamperedSiftFailsItsTagAndTheBlockIsDroppedOnBothSides(@TempDir Path dir)
            throws Exception {
        AtomicInteger closing = new AtomicInteger();
        long[] tamperedBlock = {-1};
        UnaryOperator<LinkMessage> flipMatchOfSecondClosingSift =
                m -> {
                    if (m instanceof Sift s && s.closesBlock() && closing.incrementAndGet() == 2) {
                        tamperedBlock[0] = s.blockId();
                        byte[] matches = s.matches().clone();
                        matches[0] ^= (byte) 0x80;
                        return new Sift(
                                s.frameId(),
                                s.blockId(),
                                s.clicks(),
                                matches,
                                s.classes(),
                                s.sample(),
                                s.sampleBits(),
                                s.nonKeyCount(),
                                s.nonKeyBits(),
                                s.closing());
                    }
                    return m;
                };
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTest.settings(),
                        TwoFirmwareTest.CLEAN,
                        c ->
                                new TamperingConnector(
                                        c,
                                        flipMatchOfSecondClosingSift,
                                        UnaryOperator.identity()))) {
            pair.start();
            FirmwarePair.await("4 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 4);
            assertThat(pair.bob.status().blocksDiscarded()).isGreaterThanOrEqualTo(1);
            assertThat(pair.alice.status().blocksDiscarded()).isGreaterThanOrEqualTo(1);
            assertThat(pair.bob.status().lastProblem() + pair.alice.status().lastProblem())
                    .contains("tag");
            long upTo = pair.alice.status().lastBlockId();
            assertThat(pair.stopAndCompare(upTo, true)).isGreaterThanOrEqualTo(4);
            assertBlockAbsentOnBoth(pair, tamperedBlock[0]);
        }
    }

    @Test
    void aTamperedConfirmFailsItsTagAndBobDropsTheBlockHeAppended(@TempDir Path dir)
            throws Exception {
        AtomicInteger confirms = new AtomicInteger();
        long[] tamperedBlock = {-1};
        UnaryOperator<LinkMessage> changeErrorsOfSecondConfirm =
                m -> {
                    if (m instanceof Confirm c && confirms.incrementAndGet() == 2) {
                        tamperedBlock[0] = c.blockId();
                        return new Confirm(
                                c.blockId(),
                                c.signalErrors() + 1,
                                c.decoyErrors(),
                                c.vacuumErrors(),
                                c.tag());
                    }
                    return m;
                };
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTest.settings(),
                        TwoFirmwareTest.CLEAN,
                        c ->
                                new TamperingConnector(
                                        c,
                                        UnaryOperator.identity(),
                                        changeErrorsOfSecondConfirm))) {
            pair.start();
            FirmwarePair.await("4 blocks", 60, () -> pair.bob.status().blocksCommitted() >= 4);
            assertThat(pair.alice.status().lastProblem()).contains("tag failed");
            assertThat(pair.bob.status().blocksDiscarded()).isGreaterThanOrEqualTo(1);
            long upTo = pair.alice.status().lastBlockId();
            assertThat(pair.stopAndCompare(upTo, true)).isGreaterThanOrEqualTo(4);
            assertBlockAbsentOnBoth(pair, tamperedBlock[0]);
        }
    }

    @Test
    void anEmptyAuthPoolStopsAcquisitionUntilReplenished(@TempDir Path dir) throws Exception {
        try (FirmwarePair pair =
                new FirmwarePair(
                        dir,
                        TwoFirmwareTest.settings(),
                        TwoFirmwareTest.CLEAN,
                        UnaryOperator.identity())) {
            // pools provisioned with 2 blocks' worth of tag keys only
            java.nio.file.Files.writeString(
                    dir.resolve("small-secret.hex"), "ab".repeat(64) + "\n");
            FirmwareConfig a =
                    pair.aliceConfig.toBuilder()
                            .authPool(
                                    dir.resolve("alice-small.pool"),
                                    dir.resolve("small-secret.hex"))
                            .build();
            FirmwareConfig b =
                    pair.bobConfig.toBuilder()
                            .authPool(
                                    dir.resolve("bob-small.pool"), dir.resolve("small-secret.hex"))
                            .build();
            FirmwarePair small = pair.withConfigs(a, b);
            small.start();
            FirmwarePair.await(
                    "AUTH_POOL_EMPTY",
                    60,
                    () -> small.alice.status().phase() == FirmwareStatus.Phase.AUTH_POOL_EMPTY);
            long committed = small.alice.status().blocksCommitted();
            assertThat(committed).isEqualTo(2);
            Thread.sleep(300);
            assertThat(small.alice.status().blocksCommitted()).isEqualTo(committed);
            // a reference both modems issued (REPLENISH refuses any other): one whole block
            var whole = small.alice.backend().reserveBlock(1, 1, 1);
            KeyRef slot = whole.ref();
            assertThat(small.bob.backend().reserveReference(1, 1, slot, whole.bits()))
                    .isEqualTo(slot);
            byte[] more = new byte[Math.min(256, whole.bits() / 8)];
            java.util.Arrays.fill(more, (byte) 0x5a);
            small.alice.backend().replenish(slot, more);
            small.bob.backend().replenish(slot, more);
            assertThat(small.bob.backend().replenish(slot, more).outcome()) // retried: held once
                    .isEqualTo(ReplenishResponse.HELD);
            FirmwarePair.await(
                    "acquisition resumed",
                    60,
                    () -> small.bob.status().blocksCommitted() >= committed + 2);
            assertThat(small.alice.status().blocksDiscarded()).isZero();
            small.close();
        }
    }

    private static void assertBlockAbsentOnBoth(FirmwarePair pair, long blockId)
            throws FirmwareException {
        assertThat(blockId).isNotNegative();
        for (FirmwareConfig c : new FirmwareConfig[] {pair.aliceConfig, pair.bobConfig}) {
            try (KeyStore s = Firmware.openKeyStore(c)) {
                s.blockInfo(blockId)
                        .ifPresent(
                                i ->
                                        assertThat(i.availableBits())
                                                .as("block %d", blockId)
                                                .isZero());
            }
        }
    }
}
