package kvs.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class NetworkTest {
    private static SimConfig config(Set<Fault> faults) {
        return new SimConfig(3, 3, 1, 10, 1, faults, false, Set.of(), 1.0, Integer.MAX_VALUE, 20_000);
    }

    @Test
    void aPartitionBlocksOneDirectionUntilHealed() {
        Network network = new Network(config(Set.of()), 3);
        network.block(0, 1);
        assertFalse(network.passes(0, 1));
        assertTrue(network.passes(1, 0));
        network.healPartitions();
        assertTrue(network.passes(0, 1));
    }

    @Test
    void withoutLossEveryMessagePassesAndDelaysArePositive() {
        Network network = new Network(config(Set.of()), 3);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(network.passes(i % 3, (i + 1) % 3));
            assertTrue(network.delayMicros(i % 3, (i + 1) % 3) > 0);
        }
    }

    @Test
    void lossDropsSomeMessagesAndHealingEndsIt() {
        Network network = new Network(config(EnumSet.of(Fault.LOSS)), 3);
        network.lossBurst(0.5);
        int lost = 0;
        for (int i = 0; i < 10_000; i++) {
            if (!network.passes(0, 1)) lost++;
        }
        assertTrue(lost > 4_000 && lost < 6_500, "lost " + lost);
        network.healAll();
        for (int i = 0; i < 1_000; i++) assertTrue(network.passes(0, 1));
    }

    @Test
    void aSlowReplicaIsSlowerAndTheSameSeedGivesTheSameDelays() {
        Network a = new Network(config(Set.of()), 3), b = new Network(config(Set.of()), 3);
        long sumA = 0, sumB = 0;
        for (int i = 0; i < 1_000; i++) {
            long d = a.delayMicros(0, 1);
            assertEquals(d, b.delayMicros(0, 1));
            sumA += d;
        }
        a.slowNode(1, 20);
        for (int i = 0; i < 1_000; i++) sumB += a.delayMicros(0, 1);
        assertTrue(sumB > 10 * sumA, sumA + " vs " + sumB);
    }
}
