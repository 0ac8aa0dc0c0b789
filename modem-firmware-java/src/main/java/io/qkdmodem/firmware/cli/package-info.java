/**
 * The firmware's command line ({@code modem-firmware.jar}): the only place in the firmware that
 * writes to the console.
 */
package io.qkdmodem.firmware.cli;
