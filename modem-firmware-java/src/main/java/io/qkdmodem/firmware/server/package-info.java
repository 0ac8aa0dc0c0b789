/**
 * The serial server's side in the firmware: the modem protocol's backend implemented on the key
 * store and the auth pool, with host references that survive restarts, and the firmware's events
 * forwarded to the host.
 */
package io.qkdmodem.firmware.server;
