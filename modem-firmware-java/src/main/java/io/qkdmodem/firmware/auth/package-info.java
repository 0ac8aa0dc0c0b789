/**
 * Authentication of the modem-to-modem classical link: Wegman-Carter tags (a polynomial hash over
 * GF(2^61 - 1) with a one-time pad) whose one-time keys come from a durable, file-backed key pool
 * that starts from a provisioned secret and is replenished by the host agents.
 */
package io.qkdmodem.firmware.auth;
