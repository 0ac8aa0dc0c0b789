/**
 * BB84 sifting between Alice's and Bob's firmware as sans-IO state machines ({@link
 * io.qkdmodem.firmware.sifting.AliceSifter}, {@link io.qkdmodem.firmware.sifting.BobSifter}):
 * clicks and bases in, matches and intensity classes out, identical key blocks with their
 * acquisition counts on both sides, each block's transcript authenticated both ways, and the link
 * monitor that tracks the QBER on sacrificed bits.
 */
package io.qkdmodem.firmware.sifting;
