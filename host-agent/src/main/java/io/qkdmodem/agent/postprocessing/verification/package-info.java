/**
 * Verification of the corrected keys by a universal hash: polynomial evaluation over GF(2^64), with
 * as many independent instances as needed to bring the collision probability below the configured
 * bound (default 2^-64).
 */
package io.qkdmodem.agent.postprocessing.verification;
