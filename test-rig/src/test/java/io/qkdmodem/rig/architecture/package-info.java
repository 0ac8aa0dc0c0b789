/** Architecture tests: the module dependency rules of DESIGN.md section 2. */
package io.qkdmodem.rig.architecture;
