/**
 * Adapters from the rig's orchestration interfaces to the project's own pieces: the embeddable
 * firmware (modem pair on the simulated fiber), the host agents with their Quantum TLS tunnel, and
 * the host agent's key-rate calculator for the theory columns.
 */
package io.qkdmodem.rig.wiring;
