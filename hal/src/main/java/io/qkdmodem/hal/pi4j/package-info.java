/**
 * The Pi4J 2.8 board backends (the only package that imports {@code com.pi4j}): {@code pi4j-gpio}
 * for slow bench demonstrators (every slot driven and read through GPIO lines) and {@code
 * pi4j-spi-frontend}, where a timing front-end (MCU/FPGA) fires and time-tags whole frames and the
 * board talks to it over SPI with GPIO reset and frame-ready lines. See docs/hal.md for the pin
 * map, the timing limits and the front-end protocol.
 */
package io.qkdmodem.hal.pi4j;
