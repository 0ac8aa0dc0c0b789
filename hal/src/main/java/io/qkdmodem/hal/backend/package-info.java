/**
 * Backends as plugins: a {@link io.qkdmodem.hal.backend.HalBackendProvider} per backend, found
 * through {@link java.util.ServiceLoader}, and the {@link io.qkdmodem.hal.backend.BackendSelector}
 * with the selection rule: an explicit argument, then the {@code hal.backend} setting, then
 * discovery of present hardware; never the simulator by discovery on a real board.
 */
package io.qkdmodem.hal.backend;
