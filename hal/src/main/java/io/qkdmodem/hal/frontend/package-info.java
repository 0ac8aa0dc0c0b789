/**
 * The board side of the timing front-end protocol (docs/hal.md, "SPI front-end protocol"): an MCU
 * or FPGA that fires the laser and time-tags the detectors at rates a Pi cannot reach, driven over
 * SPI with a reset line and a frame-ready line. The codec ({@link
 * io.qkdmodem.hal.frontend.FrontEndProtocol}) is sans-IO; the client runs it over our own {@link
 * io.qkdmodem.hal.frontend.SpiLink}, which Pi4J implements on a board and the simulated front-end
 * implements in tests.
 */
package io.qkdmodem.hal.frontend;
