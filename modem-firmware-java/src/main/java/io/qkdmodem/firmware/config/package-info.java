/**
 * The firmware's configuration: the typed {@link io.qkdmodem.firmware.config.FirmwareConfig} and
 * the configuration file reader that validates a file and reports one line per mistake.
 */
package io.qkdmodem.firmware.config;
