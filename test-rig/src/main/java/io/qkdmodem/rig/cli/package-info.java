/**
 * The rig's command line ({@code test-rig.jar}): the only place in the rig that writes to the
 * console.
 */
package io.qkdmodem.rig.cli;
