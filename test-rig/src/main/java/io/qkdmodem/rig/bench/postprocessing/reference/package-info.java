/**
 * The Cascade implementation of commit 7fa8732 (before the throughput work of issue 7), kept
 * unchanged apart from its names so that the Cascade benchmark can measure it in the same run as
 * the current one: the ratio of the two is meaningful on a shared machine where absolute figures
 * are not. Not used outside the benchmarks.
 */
package io.qkdmodem.rig.bench.postprocessing.reference;
