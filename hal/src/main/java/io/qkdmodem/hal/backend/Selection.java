package io.qkdmodem.hal.backend;

/**
 * The outcome of backend selection.
 *
 * @param provider the chosen backend
 * @param reason how it was chosen, for the log line the firmware prints at start
 */
public record Selection(HalBackendProvider provider, String reason) {}
