package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import kvs.core.replica.Bug;
import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;

/**
 * Teeth: each deliberately broken replica is caught by a sweep of at most 200 seeds, with the
 * violation that its bug should cause, and the failure shrinks to a smaller run that fails the
 * same way.
 */
class TeethTest {
    static final int SEEDS_MAX = 200;
    static final int SEEDS_PER_BLOCK = 20;

    /**
     * The bugs whose failures show at most seeds, so that smaller configs keep failing and the
     * shrinker halves the history at least. The other two fail at a few seeds in a hundred, and
     * only under a particular schedule of crashes and reorderings: their failures shrink a little
     * (fewer nemesis actions, shorter delays, the workload cut after the violation), not by half.
     */
    static final Set<Bug> SHRINKS_WELL = EnumSet.of(Bug.OMIT_WRITE_FROM_METADATA, Bug.DROP_TOMBSTONES_IN_TRANSFER,
            Bug.IGNORE_CLIENT_METADATA_ON_GET);

    /** The checks a bug may break; the first failing seed must break at least one of them. */
    static Set<String> expectedChecks(Bug bug) {
        return switch (bug) {
            case APPLY_BEFORE_DEPENDENCIES -> Set.of("cc", "ccv", "writes-follow-reads", "monotonic-writes");
            case OMIT_WRITE_FROM_METADATA -> Set.of("read-your-writes");
            case DROP_TOMBSTONES_IN_TRANSFER -> Set.of("convergence");
            case REUSE_WRITE_IDS_AFTER_RESTART -> Set.of("convergence", "read-your-writes");
            case IGNORE_CLIENT_METADATA_ON_GET -> Set.of("read-your-writes", "monotonic-reads");
        };
    }

    static SimConfig config(long seed, Bug bug) {
        return new SimConfig(seed, 3, 4, 500, 5, EnumSet.allOf(Fault.class), false, EnumSet.of(bug), 1.0,
                Integer.MAX_VALUE, 20_000);
    }

    @ParameterizedTest
    @EnumSource(Bug.class)
    void aSweepCatchesEachBrokenReplicaWithTheRightViolationAndShrinksIt(Bug bug) {
        // Which check a bug breaks first depends on the schedule of each seed; the sweep must catch it
        // with one of the checks it should break, and the first such failure must shrink. Seeds are
        // swept in blocks, up to SEEDS_MAX, until one such failure is found.
        List<RunResult> failures = new java.util.ArrayList<>();
        RunResult first = null;
        for (long from = 1; from <= SEEDS_MAX && first == null; from += SEEDS_PER_BLOCK) {
            Sweep.Summary sweep = Sweep.run(from, Math.min(SEEDS_MAX, from + SEEDS_PER_BLOCK - 1), s -> config(s, bug),
                    CheckerJudge::new, Runtime.getRuntime().availableProcessors(), false, r -> { });
            failures.addAll(sweep.failures());
            first = failures.stream()
                    .filter(r -> r.outcome() == RunResult.Outcome.VIOLATION)
                    .filter(r -> r.judgement().orElseThrow().violatedChecks().stream().anyMatch(expectedChecks(bug)::contains))
                    .findFirst().orElse(null);
        }
        assertFalse(failures.isEmpty(), bug + " survived " + SEEDS_MAX + " seeds");
        assertTrue(first != null, bug + " was never caught as one of " + expectedChecks(bug) + "; first failure: "
                + failures.get(0).headline() + "; " + failures.get(0).replayCommand());

        Shrinker.Shrunk shrunk = new Shrinker(new CheckerJudge(), 80, line -> { }).shrink(first);
        RunResult small = shrunk.smallest();
        assertEquals(first.signature(), small.signature(), "the shrunk run fails another way");
        assertTrue(small.world().history().size() <= first.world().history().size());
        if (SHRINKS_WELL.contains(bug)) {
            assertTrue(small.world().history().size() * 2 <= first.world().history().size(),
                    "shrinking did not halve the history: " + small.world().history().size() + " of "
                            + first.world().history().size() + " events; " + small.replayCommand());
        }
        // The shrunk run replays: the same config fails the same way again.
        assertEquals(small.signature(), Simulation.run(small.config(), false, new CheckerJudge()).signature());
    }
}
