/**
 * The theory the rig's measurements are set beside: the asymptotic decoy-state BB84 key rate and
 * the PLOB bound for the same channel, taken from the host agent's key-rate calculator so that the
 * rig and the handshake use one implementation.
 */
package io.qkdmodem.rig.theory;
