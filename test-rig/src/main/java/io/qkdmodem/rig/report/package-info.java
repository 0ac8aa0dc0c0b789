/**
 * Sweep reports: the measured points beside theory, written as CSV, PNG plots (JFreeChart,
 * headless) and one self-contained HTML page that opens offline.
 */
package io.qkdmodem.rig.report;
