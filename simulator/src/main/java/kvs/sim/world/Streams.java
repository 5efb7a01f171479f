package kvs.sim.world;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from one seed, one per concern (swarm choice, network,
 * nemesis, each client), so that changing one concern (say, fewer operations while shrinking)
 * does not reshuffle the draws of the others.
 */
final class Streams {
    private Streams() {}

    static final long SWARM = 1, TOPOLOGY = 2, NETWORK = 3, NEMESIS = 4, HOSTILE = 5, CLIENT_BASE = 1_000;

    static SplittableRandom of(long seed, long stream) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL + stream));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [lo, hi]. */
    static long between(SplittableRandom rng, long lo, long hi) {
        return hi <= lo ? lo : lo + rng.nextLong(hi - lo + 1);
    }
}
