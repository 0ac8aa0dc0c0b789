/**
 * Serial ports: the {@link io.qkdmodem.hal.serial.SerialLink} byte-stream interface that the modem
 * protocol's drivers use, its jSerialComm implementation (opened by device path, so
 * pseudo-terminals work; reconnects after an unplug), and an in-memory pair for tests. The only
 * package of the project that may import {@code com.fazecast}.
 */
package io.qkdmodem.hal.serial;
