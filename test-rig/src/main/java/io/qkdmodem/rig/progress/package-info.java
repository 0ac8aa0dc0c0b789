/**
 * Progress of long rig work (key accumulation, sweep points, benchmarks) as events; the command
 * line turns them into progress bars on stderr, tests record them.
 */
package io.qkdmodem.rig.progress;
