/**
 * The rig's runs: one demo (bring the rig up, accumulate key, one Quantum TLS session through the
 * tunnel, data through and back, teardown) and a sweep of demo runs over distances and eavesdropper
 * fractions beside theory.
 */
package io.qkdmodem.rig.run;
