package io.qkdmodem.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiMode;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.frontend.SpiLink;

/** {@link SpiLink} over a Pi4J SPI device (spidev on a board). */
public final class Pi4jSpiLink implements SpiLink, AutoCloseable {
    private final Context context;
    private final Spi spi;

    public Pi4jSpiLink(Context context, int bus, int chipSelect, int baud) throws HalException {
        this.context = context;
        try {
            spi =
                    context.create(
                            Spi.newConfigBuilder(context)
                                    .id("qkd-frontend-spi")
                                    .name("timing front-end")
                                    .bus(bus)
                                    .channel(chipSelect)
                                    .baud(baud)
                                    .mode(SpiMode.MODE_0)
                                    .build());
        } catch (RuntimeException e) {
            throw new HalException("cannot open SPI bus " + bus + " CS " + chipSelect, e);
        }
    }

    @Override
    public void transfer(byte[] tx, byte[] rx) throws HalException {
        try {
            int n = spi.transfer(tx, 0, rx, 0, tx.length);
            if (n != tx.length) {
                throw new HalException("SPI transferred " + n + " of " + tx.length + " bytes");
            }
        } catch (RuntimeException e) {
            throw new HalException("SPI transfer failed", e);
        }
    }

    @Override
    public void close() {
        try {
            context.shutdown(spi.id());
        } catch (RuntimeException e) {
            // releasing; nothing to recover
        }
    }
}
