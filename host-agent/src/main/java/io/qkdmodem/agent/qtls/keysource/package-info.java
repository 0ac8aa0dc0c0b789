/**
 * The narrow interface through which the agent obtains sifted key from its modem (reserve, fetch by
 * reference, consume, replenish), and an in-memory pair of sources for tests and simulations.
 */
package io.qkdmodem.agent.qtls.keysource;
