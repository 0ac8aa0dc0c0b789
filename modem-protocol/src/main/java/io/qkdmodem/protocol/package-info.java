/**
 * The wire contract between modem firmware and host agent: frames, messages and codecs, all sans-IO
 * (bytes in, messages out). Only its driver package touches a serial port, through the hal's serial
 * interface.
 */
package io.qkdmodem.protocol;
