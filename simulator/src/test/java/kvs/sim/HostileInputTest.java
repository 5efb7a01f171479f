package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import kvs.core.replica.Bug;
import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;

/**
 * Hostile peer requests through the simulator ({@link Fault#HOSTILE}): a real message with one
 * field spoiled, or random fields from outside the cluster, delivered to running replicas in the
 * middle of a faulty run. Each must be refused with no other effect and no change to the replica's
 * canonical state; a failure prints its seed and replay command.
 */
class HostileInputTest {
    static final int SEEDS = 60;

    static SimConfig config(long seed, Set<Bug> bugs) {
        return new SimConfig(seed, 3, 4, 400, 5, EnumSet.of(Fault.HOSTILE, Fault.PARTITION, Fault.CRASH, Fault.JOIN,
                Fault.REORDER, Fault.DUPLICATION), false, bugs, 1.0, Integer.MAX_VALUE, 20_000);
    }

    @Test
    void everyHostileRequestIsRefusedAndChangesNothingInSixtySeeds() {
        Sweep.Summary sweep = Sweep.run(1, SEEDS, s -> config(s, Set.of()), CheckerJudge::new,
                Runtime.getRuntime().availableProcessors(), false, r -> { });
        assertTrue(sweep.failures().isEmpty(), () -> String.join("\n", sweep.report()));
        long invalid = sweep.coverage().getOrDefault("hostile.refused.invalid", 0L);
        long outside = sweep.coverage().getOrDefault("hostile.refused.not-in-view", 0L);
        assertTrue(invalid > 200 && outside > 20, "too few hostile requests: " + invalid + " invalid, " + outside + " outside");
    }

    @Test
    void aReplicaThatTrustsPeerMessagesIsCaughtWithItsSeedAndReplayCommand() {
        Sweep.Summary sweep = Sweep.run(1, 20, s -> config(s, EnumSet.of(Bug.TRUST_PEER_MESSAGES)), CheckerJudge::new,
                Runtime.getRuntime().availableProcessors(), true, r -> { });
        List<RunResult> failures = sweep.failures();
        assertFalse(failures.isEmpty(), "trusting peer messages survived 20 seeds of hostile input");
        RunResult first = failures.get(0);
        assertEquals(RunResult.Outcome.REPLICA_FAILURE, first.outcome(), first.headline());
        assertTrue(first.headline().contains("hostile input"), first.headline());
        assertTrue(first.replayCommand().contains("--seed " + first.config().seed())
                && first.replayCommand().contains("--bugs trust-peer-messages"), first.replayCommand());
    }
}
