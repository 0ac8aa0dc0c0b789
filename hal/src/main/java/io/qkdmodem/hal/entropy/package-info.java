/**
 * Entropy sources for Alice's and Bob's random choices: the board's hardware RNG ({@code
 * /dev/hwrng}), the JDK's strong {@code SecureRandom} where there is none (reported as such), and a
 * seeded deterministic DRBG for simulation; all wrapped in the continuous health tests of NIST SP
 * 800-90B section 4.4, whose failure stops the source with {@link
 * io.qkdmodem.hal.entropy.EntropyHealthException}.
 */
package io.qkdmodem.hal.entropy;
