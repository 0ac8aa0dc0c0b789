/**
 * The host agent: modem client, QKD post-processing, the Quantum TLS handshake and record layer,
 * and the tunnel service.
 */
package io.qkdmodem.agent;
