/**
 * Thin transports for Quantum TLS: a socket-like connection with streams over TCP, the accepting
 * server, and the tunnel that forwards plain TCP through a Quantum TLS connection.
 */
package io.qkdmodem.agent.tunnel;
