/**
 * The QKD Configuration message of the paper's Fig. 2 (DESIGN.md section 4): an immutable message
 * class with its big-endian codec, the code tables for its Type, Protocol, Authentication and
 * Encoding fields, and named profiles such as the paper's worked example. Both the modem link
 * (CONFIGURE) and Quantum TLS carry it; the code tables are documented in
 * docs/protocol/qkd-config.md and checked against it by tests.
 */
package io.qkdmodem.protocol.qkdconfig;
