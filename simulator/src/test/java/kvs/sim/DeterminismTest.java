package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import kvs.sim.world.Fault;
import kvs.sim.world.SimConfig;
import kvs.sim.world.World;
import kvs.sim.world.WorldResult;

class DeterminismTest {

    private static SimConfig allFaults(long seed) {
        return new SimConfig(seed, 3, 4, 400, 4, EnumSet.allOf(Fault.class), false, Set.of(), 1.0, Integer.MAX_VALUE, 20_000);
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndTraceByteForByte() {
        for (long seed = 1; seed <= 6; seed++) {
            Optional<Determinism.Divergence> divergence = Determinism.check(allFaults(seed));
            assertTrue(divergence.isEmpty(), () -> divergence.get().describe());
        }
    }

    @Test
    void swarmRunsAreDeterministicToo() {
        for (long seed = 100; seed <= 103; seed++) {
            SimConfig config = SimConfig.swarm(seed, 3, 3, 300, 4, Set.of());
            Optional<Determinism.Divergence> divergence = Determinism.check(config);
            assertTrue(divergence.isEmpty(), () -> divergence.get().describe());
        }
    }

    @Test
    void theComparisonNamesTheFirstDivergingLine() {
        WorldResult a = new World(allFaults(1), true).run();
        WorldResult b = new World(allFaults(2), true).run();
        Optional<Determinism.Divergence> divergence = Determinism.compare(a, b);
        assertTrue(divergence.isPresent());
        int line = divergence.get().lineNumber();
        assertEquals("history", divergence.get().file());
        var linesA = Determinism.historyLines(a.history());
        var linesB = Determinism.historyLines(b.history());
        assertEquals(linesA.subList(0, line - 1), linesB.subList(0, line - 1));
        assertEquals(linesA.get(line - 1), divergence.get().first());
        assertEquals(linesB.get(line - 1), divergence.get().second());
    }

    @Test
    void aDifferenceOnlyInTheTraceIsFoundInTheTrace() {
        WorldResult a = new World(allFaults(3), true).run();
        java.util.List<String> trace = new java.util.ArrayList<>(a.trace());
        trace.set(trace.size() / 2, trace.get(trace.size() / 2) + " (changed)");
        WorldResult b = new WorldResult(a.end(), a.detail(), a.history(), trace, a.coverage(), a.simulatedMicros(),
                a.messages(), a.convergedAfterMillis(), a.writesLostInCrashes(), a.faults());
        Optional<Determinism.Divergence> divergence = Determinism.compare(a, b);
        assertEquals("trace", divergence.orElseThrow().file());
        assertEquals(trace.size() / 2 + 1, divergence.get().lineNumber());
    }
}
