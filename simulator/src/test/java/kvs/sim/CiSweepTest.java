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

    @Test
    void theCorrectReplicaPassesFiveHundredSwarmSeedsWithFaultsOn() {
        Sweep.Summary sweep = Sweep.run(1, SWARM_SEEDS, s -> SimConfig.swarm(s, 3, 4, 300, 5, Set.of()),
                CheckerJudge::new, Runtime.getRuntime().availableProcessors(), false, r -> { });
        assertEquals(SWARM_SEEDS, sweep.runs().size());
        assertTrue(sweep.failures().isEmpty(), () -> String.join("\n", sweep.report()));
        // The faults reached the rare paths.
        for (String counter : new String[] {"replica.writesBuffered", "replica.notSatisfiedAnswers", "nemesis.joins",
            "replica.stateTransfers", "replica.conflictsResolved", "replica.readmissions", "nemesis.crashes",
            "nemesis.partitions", "client.info", "net.deliveredAfterHeal", "replica.refusals"}) {
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
}
