/**
 * Wire messages of Quantum TLS: one immutable class per handshake message, the QKD Configuration
 * record body, alerts, and the {@code ByteReader}/{@code ByteWriter} pair they share.
 */
package io.qkdmodem.agent.qtls.message;
