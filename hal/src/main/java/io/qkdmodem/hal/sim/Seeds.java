package io.qkdmodem.hal.sim;

import java.util.SplittableRandom;

/** Per-frame random streams derived from the simulation seed, so any frame replays alone. */
final class Seeds {
    static final long ALICE_CHANNEL = 0x416c696365L;
    static final long BOB_DETECTOR = 0x426f62L;

    private Seeds() {}

    static SplittableRandom forFrame(long seed, long frameId, long role) {
        return new SplittableRandom(mix(mix(seed ^ role) + frameId));
    }

    /** SplitMix64 finalizer. */
    static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
