/**
 * The bench harness: orchestration of modems and agents, scenarios, reports, benchmarks, and the
 * demo.
 */
package io.qkdmodem.rig;
