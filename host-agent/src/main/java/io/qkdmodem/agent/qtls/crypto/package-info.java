/**
 * The small crypto interface the Quantum TLS engine uses (PRF, transcript hash, signatures, AEAD
 * and one-time-pad record protection), with opaque destroyable secrets; the JCA implementation
 * comes first.
 */
package io.qkdmodem.agent.qtls.crypto;
