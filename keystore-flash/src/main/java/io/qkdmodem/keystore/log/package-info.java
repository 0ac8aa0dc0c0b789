/**
 * The log-structured key store on a {@link io.qkdmodem.keystore.flash.NorFlash}: on-flash format
 * (headers, block headers, records), record encryption, the in-memory index rebuilt at mount,
 * garbage collection and wear leveling. The format is specified in docs/keystore.md.
 */
package io.qkdmodem.keystore.log;
