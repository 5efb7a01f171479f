package kvs.checker;

import java.util.SplittableRandom;

/**
 * Seeded random cases for property tests, in plain JUnit 5. Each case gets its own seed, drawn
 * from one run seed; a failing case is reported with its seed and the command that replays it
 * alone. The run seed is random unless {@code -Dkvs.seed=N} names one (then every case of the
 * run is the same as in the run that printed it); {@code -Dkvs.case=N} replays one case seed.
 */
final class Seeds {
    private Seeds() {}

    /** One case of a property: throws (an assertion error) when the property fails for the seed. */
    @FunctionalInterface
    interface Case {
        void run(long seed) throws Exception;
    }

    /** Runs {@code tries} cases; the first failure stops the run with its seed in the message. */
    static void forEach(String property, int tries, Case body) {
        String one = System.getProperty("kvs.case");
        if (one != null) {
            runOne(property, Long.parseLong(one), body, -1);
            return;
        }
        String fixed = System.getProperty("kvs.seed");
        long runSeed = fixed != null ? Long.parseLong(fixed) : new SplittableRandom().nextLong();
        SplittableRandom seeds = new SplittableRandom(runSeed);
        for (int i = 0; i < tries; i++) runOne(property, seeds.nextLong() >>> 1, body, runSeed);
    }

    private static void runOne(String property, long seed, Case body, long runSeed) {
        try {
            body.run(seed);
        } catch (Throwable t) {
            String replay = "replay with -Dkvs.case=" + seed + (runSeed == -1 ? "" : " (run seed " + runSeed + ": -Dkvs.seed=" + runSeed + ")");
            System.err.println(property + " failed for seed " + seed + "; " + replay);
            throw new AssertionError(property + " failed for seed " + seed + "; " + replay + "\n" + t.getMessage(), t);
        }
    }
}
