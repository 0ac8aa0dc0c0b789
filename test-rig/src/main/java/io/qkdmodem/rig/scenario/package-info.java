/**
 * What a rig run is asked to do and what it measured: the channel (distance, eavesdropper, source
 * profile), the serial transport, and the result records that the demo and the sweep report. Plain
 * values, checked when built; no I/O.
 */
package io.qkdmodem.rig.scenario;
