/**
 * A tiny JSON writer for the rig's machine-readable output ({@code --json}): objects, arrays,
 * strings, numbers, booleans and null, written in insertion order. No dependency, no parsing.
 */
package io.qkdmodem.rig.json;
