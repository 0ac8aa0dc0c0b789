/**
 * Test fixtures shared through hal's test-jar: the abstract optics contract every backend passes
 * ({@link io.qkdmodem.hal.contract.OpticsContractTest}, subclassed per backend) and the sifting
 * tally the firmware's tests can reuse.
 */
package io.qkdmodem.hal.contract;
