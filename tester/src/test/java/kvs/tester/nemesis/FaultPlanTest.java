package kvs.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    private static List<Fault> draw(long seed, Set<FaultKind> kinds, int members, int count) {
        FaultPlan plan = new FaultPlan(seed, kinds, members, 5000, members + FaultPlan.JOINS_MAX);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            plan.next().ifPresent(faults::add);
        }
        return faults;
    }

    @Test
    void oneSeedGivesOneScheduleAndAnotherSeedAnother() {
        Set<FaultKind> all = EnumSet.allOf(FaultKind.class);
        List<Fault> a = draw(42, all, 3, 50);
        assertEquals(a, draw(42, all, 3, 50));
        assertNotEquals(a, draw(43, all, 3, 50));
        Set<FaultKind> seen = new TreeSet<>();
        Set<String> shapes = new TreeSet<>();
        for (Fault f : a) {
            seen.add(f.kind());
            if (f.kind() == FaultKind.PARTITION) {
                shapes.add(f.shape());
            }
        }
        assertEquals(EnumSet.allOf(FaultKind.class), seen, "50 draws use every kind");
        assertEquals(Set.of("isolate", "halves", "bridge", "one-way"), shapes, "and every shape of partition");
    }

    @Test
    void partitionsHaveTwoDisjointNonEmptySidesOfLiveMembersAndJoinsAreBounded() {
        int joins = 0;
        int members = 3;
        for (Fault f : draw(7, EnumSet.allOf(FaultKind.class), 3, 400)) {
            if (f.kind() == FaultKind.JOIN) {
                joins++;
                members++;
                assertEquals(List.of(members - 1), f.targets(), "a join adds the next index");
                continue;
            }
            for (int t : f.targets()) {
                assertTrue(t >= 0 && t < members, f.describe());
            }
            if (f.kind() == FaultKind.PARTITION) {
                assertFalse(f.side().isEmpty(), f.describe());
                assertFalse(f.other().isEmpty(), f.describe());
                Set<Integer> both = new TreeSet<>(f.side());
                both.retainAll(f.other());
                assertTrue(both.isEmpty(), f.describe());
                assertEquals(f.shape().equals("one-way"), f.oneWay());
                if (f.shape().equals("bridge")) {
                    assertEquals(members, f.side().size() + f.other().size() + 1, "the bridge is on neither side: " + f.describe());
                }
            }
            assertTrue(f.gapMillis() >= 1000 && f.gapMillis() <= 2500, "gap in [0.2, 0.5] of the interval");
            assertTrue(f.holdMillis() >= 2500 && f.holdMillis() <= 4000, "hold in [0.5, 0.8] of the interval");
        }
        assertEquals(FaultPlan.JOINS_MAX, joins);
    }

    @Test
    void onlyTheChosenKindsAreDrawnAndNoneDrawsNothing() {
        for (Fault f : draw(1, EnumSet.of(FaultKind.KILL, FaultKind.PAUSE), 3, 100)) {
            assertTrue(f.kind() == FaultKind.KILL || f.kind() == FaultKind.PAUSE);
        }
        assertTrue(draw(1, EnumSet.noneOf(FaultKind.class), 3, 10).isEmpty());
        assertTrue(draw(1, EnumSet.of(FaultKind.PARTITION), 1, 10).isEmpty(), "one replica cannot be partitioned");
    }

    @Test
    void nemesisListParsing() {
        assertEquals(EnumSet.allOf(FaultKind.class), FaultKind.parseList("all"));
        assertEquals(EnumSet.noneOf(FaultKind.class), FaultKind.parseList("none"));
        assertEquals(EnumSet.of(FaultKind.KILL, FaultKind.HANG), FaultKind.parseList("kill, hang"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> FaultKind.parseList("kill,crash"));
        assertTrue(bad.getMessage().contains("unknown fault 'crash'"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaultKind.parseList("none,kill"));
    }
}
