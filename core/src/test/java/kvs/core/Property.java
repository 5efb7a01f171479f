package kvs.core;

import java.util.SplittableRandom;

/**
 * A seeded property runner for JUnit 5 tests (the core has no property-testing library): a
 * property is checked on {@code cases} random cases, each drawn from its own seed. The base seed
 * is new each run, so runs explore different cases, unless {@code -Dkvs.property.seed=S} fixes
 * it. A failing case is reported with its seed; with that seed as {@code kvs.property.seed}, the
 * failing case is the first one drawn, so it replays at once.
 */
public final class Property {
    /** One case of a property: draws what it needs from {@code random} and asserts. */
    public interface Case {
        void check(SplittableRandom random) throws Exception;
    }

    private Property() {}

    public static void check(String name, int cases, Case property) {
        String fixed = System.getProperty("kvs.property.seed");
        long base = fixed != null ? Long.parseLong(fixed) : new SplittableRandom().nextLong();
        for (int i = 0; i < cases; i++) {
            long seed = i == 0 ? base : mix(base + i);
            try {
                property.check(new SplittableRandom(seed));
            } catch (Throwable failure) {
                AssertionError error = new AssertionError("property '" + name + "' failed at case " + (i + 1) + " of "
                        + cases + ", seed " + seed + "; replay it with -Dkvs.property.seed=" + seed + ": " + failure,
                        failure);
                throw error;
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
