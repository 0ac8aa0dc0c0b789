/**
 * The BB84 public discussion carried inside the Quantum TLS handshake (paper Fig. 4): sample
 * disclosure and QBER estimate, error correction, verification and privacy amplification, as a
 * sans-IO exchange of messages between Alice (server) and Bob (client).
 */
package io.qkdmodem.agent.qtls.discussion;
