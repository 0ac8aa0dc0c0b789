/**
 * Quantum TLS (paper section 4): the sans-IO client and server engines ({@link
 * io.qkdmodem.agent.qtls.QtlsClientProtocol}, {@link io.qkdmodem.agent.qtls.QtlsServerProtocol})
 * that run the QKD Configuration Protocol, the Quantum TLS handshake with its BB84 public
 * discussion, and the record layer over bytes offered in and read out. No sockets or threads here;
 * transports live in {@code io.qkdmodem.agent.tunnel}.
 */
package io.qkdmodem.agent.qtls;
