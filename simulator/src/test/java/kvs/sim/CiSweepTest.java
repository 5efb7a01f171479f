package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;

/**
 * The sweep that CI runs on every commit: the correct replica, faults on. Sized to take well under
 * a minute on two busy cores (about 8 s on two idle ones); the thousands-of-seeds
 * sweeps are run by hand ({@code scripts/kvs-sim sweep --seeds 1..5000}).
 */
class CiSweepTest {
    static final int SWARM_SEEDS = 500;
    static final int ALL_FAULTS_SEEDS = 150;
    static final int SMALL_PAGES_SEEDS = 300;

    @Test
    void theCorrectReplicaPassesFiveHundredSwarmSeedsWithFaultsOn() {
        Sweep.Summary sweep = Sweep.run(1, SWARM_SEEDS, s -> SimConfig.swarm(s, 3, 4, 300, 5, Set.of()),
                CheckerJudge::new, Runtime.getRuntime().availableProcessors(), false, r -> { });
        assertEquals(SWARM_SEEDS, sweep.runs().size());
        assertTrue(sweep.failures().isEmpty(), () -> String.join("\n", sweep.report()));
        // The faults reached the rare paths.
        for (String counter : new String[] {"replica.writesBuffered", "replica.notSatisfiedAnswers", "nemesis.joins",
            "replica.stateTransfers", "replica.conflictsResolved", "replica.readmissions", "nemesis.crashes",
            "nemesis.partitions", "client.info", "net.deliveredAfterHeal", "replica.refusals",
            "hostile.refused.invalid", "hostile.refused.not-in-view"}) {
            assertTrue(sweep.coverage().getOrDefault(counter, 0L) > 0, counter + " never happened");
        }
    }

    @Test
    void theCorrectReplicaPassesSeedsWithEveryFaultAtOnce() {
        Sweep.Summary sweep = Sweep.run(10_001, 10_000 + ALL_FAULTS_SEEDS,
                s -> new SimConfig(s, 5, 6, 400, 5, EnumSet.allOf(Fault.class), false, Set.of(), 1.0, Integer.MAX_VALUE,
                        20_000),
                CheckerJudge::new, Runtime.getRuntime().availableProcessors(), false, r -> { });
        assertTrue(sweep.failures().isEmpty(), () -> String.join("\n", sweep.report()));
    }

    /**
     * With the default limits (20,000 versions or 4 MiB a page) a simulated run never pages its state
     * transfers; with pages of 2 versions (400 bytes, 5 keys looked at) over 8 keys, most transfers
     * and anti-entropy answers are paged, while writes, crashes and partitions go on.
     */
    @Test
    void theCorrectReplicaPassesSwarmSeedsWithSmallStateTransferPages() {
        Sweep.Summary sweep = Sweep.run(20_001, 20_000 + SMALL_PAGES_SEEDS,
                s -> SimConfig.swarm(s, 3, 4, 300, 8, Set.of()).withPageVersions(2),
                CheckerJudge::new, Runtime.getRuntime().availableProcessors(), false, r -> { });
        assertEquals(SMALL_PAGES_SEEDS, sweep.runs().size());
        assertTrue(sweep.failures().isEmpty(), () -> String.join("\n", sweep.report()));
        for (String counter : new String[] {"net.syncPageCalls", "net.lastPagesDelivered", "nemesis.crashes",
            "nemesis.partitions"}) {
            assertTrue(sweep.coverage().getOrDefault(counter, 0L) > 0, counter + " never happened");
        }
        assertTrue(sweep.coverage().get("net.syncPageCalls") > 10L * SMALL_PAGES_SEEDS,
                () -> "few pages: " + sweep.coverage().get("net.syncPageCalls"));
    }
}
