/**
 * Runs the project's JMH benchmarks (the classes under {@code io.qkdmodem.rig.bench.<area>}, owned
 * by each area) from the {@code bench} command, in full or quick form, and sets each figure beside
 * its anchor: the goal or published figure it is compared with.
 */
package io.qkdmodem.rig.benchrun;
