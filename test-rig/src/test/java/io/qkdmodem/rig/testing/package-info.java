/** Test fixtures shared by the rig's tests: a minimal JSON reader and fake pipeline parts. */
package io.qkdmodem.rig.testing;
