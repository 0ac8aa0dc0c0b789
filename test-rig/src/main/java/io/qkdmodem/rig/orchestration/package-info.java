/**
 * Brings a rig up and tears it down: a temporary workspace for flash images, the serial links
 * between each modem and its host agent (in-memory pipes, socat pseudo-terminals through
 * jSerialComm, or real devices from a rig description), the modem pair and the agent pair behind
 * small interfaces, the TCP echo service behind the tunnel, and a teardown that leaves no process,
 * port or temporary file behind.
 */
package io.qkdmodem.rig.orchestration;
