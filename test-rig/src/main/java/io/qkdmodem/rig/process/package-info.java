/**
 * Modem firmware as child processes of the rig: the firmware configuration file written from the
 * same {@code FirmwareConfig} the in-process rig uses ({@link
 * io.qkdmodem.rig.process.FirmwareConfigFile}), one firmware JVM running the firmware's {@code run}
 * command with its status file and log ({@link io.qkdmodem.rig.process.FirmwareProcess}), and the
 * child's entry point that stops the firmware when the rig is gone ({@link
 * io.qkdmodem.rig.process.FirmwareChild}).
 */
package io.qkdmodem.rig.process;
