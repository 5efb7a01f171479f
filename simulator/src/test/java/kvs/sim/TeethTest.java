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
            // applied ahead of an earlier write of its writer, the bug also makes that one count as applied: lost
            case APPLY_BEFORE_DEPENDENCIES -> Set.of("cc", "ccv", "writes-follow-reads", "monotonic-writes", "convergence");
            case OMIT_WRITE_FROM_METADATA -> Set.of("read-your-writes");
            // the replica that took the state without the tombstone serves the deleted value after the delete
            case DROP_TOMBSTONES_IN_TRANSFER -> Set.of("convergence", "ccv", "cc");
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
        Sweep.Summary sweep = Sweep.run(1, SEEDS_MAX, s -> config(s, bug), CheckerJudge::new,
                Runtime.getRuntime().availableProcessors(), true, r -> { });
        List<RunResult> failures = sweep.failures();
        assertFalse(failures.isEmpty(), bug + " survived " + SEEDS_MAX + " seeds");
        RunResult first = failures.get(0);
        assertEquals(RunResult.Outcome.VIOLATION, first.outcome(), first.headline());
        List<String> checks = first.judgement().orElseThrow().violatedChecks();
        assertTrue(checks.stream().anyMatch(expectedChecks(bug)::contains),
                bug + " caught as " + checks + ", expected one of " + expectedChecks(bug) + "; " + first.replayCommand());

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
