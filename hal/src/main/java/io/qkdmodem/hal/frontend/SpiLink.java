package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.HalException;

/**
 * A full-duplex SPI transfer with chip select asserted for its duration: {@code tx.length} bytes
 * out on MOSI while as many come in on MISO into {@code rx}.
 */
public interface SpiLink {

    void transfer(byte[] tx, byte[] rx) throws HalException;
}
