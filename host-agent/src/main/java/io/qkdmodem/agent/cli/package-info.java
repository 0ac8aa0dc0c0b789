/**
 * The host agent's command line ({@code host-agent.jar}): the only place in the agent that writes
 * to the console.
 */
package io.qkdmodem.agent.cli;
