package kvs.core.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import kvs.core.Property;

/** The vector clock's algebra, each law on 1,000 seeded random cases (a failure prints its seed). */
class VectorClockProperties {
    static final int CASES = 1_000;
    static final String[] IDS = {"a:1#1", "b:2#1", "c:3#1", "c:3#2", "d:4#9"};

    /** A clock of up to five of {@link #IDS}, counts 0 to 4 (a zero drops the entry); one in ten is empty. */
    static VectorClock clock(SplittableRandom random) {
        if (random.nextInt(10) == 0) return VectorClock.of(Map.of());
        TreeMap<String, Long> entries = new TreeMap<>();
        int size = random.nextInt(IDS.length + 1);
        for (int i = 0; i < size; i++) entries.put(IDS[random.nextInt(IDS.length)], (long) random.nextInt(5));
        return VectorClock.of(entries);
    }

    @Test
    void mergeIsCommutative() {
        Property.check("merge is commutative", CASES, r -> {
            VectorClock a = clock(r), b = clock(r);
            assertEquals(a.merge(b), b.merge(a), a + " " + b);
        });
    }

    @Test
    void mergeIsAssociative() {
        Property.check("merge is associative", CASES, r -> {
            VectorClock a = clock(r), b = clock(r), c = clock(r);
            assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)), a + " " + b + " " + c);
        });
    }

    @Test
    void mergeIsIdempotent() {
        Property.check("merge is idempotent", CASES, r -> {
            VectorClock a = clock(r);
            assertEquals(a, a.merge(a), a.toString());
        });
    }

    @Test
    void mergeIsTheLeastUpperBound() {
        Property.check("merge is the least upper bound", CASES, r -> {
            VectorClock a = clock(r), b = clock(r), c = clock(r);
            VectorClock m = a.merge(b);
            assertTrue(a.leq(m) && b.leq(m), a + " " + b);
            if (a.leq(c) && b.leq(c)) assertTrue(m.leq(c), a + " " + b + " " + c);
        });
    }

    @Test
    void leqIsAPartialOrder() {
        Property.check("leq is a partial order", CASES, r -> {
            VectorClock a = clock(r), b = clock(r), c = clock(r);
            assertTrue(a.leq(a));
            if (a.leq(b) && b.leq(a)) assertEquals(a, b);
            if (a.leq(b) && b.leq(c)) assertTrue(a.leq(c), a + " " + b + " " + c);
        });
    }

    @Test
    void leqAgreesWithEntrywiseComparison() {
        Property.check("leq agrees with entrywise comparison", CASES, r -> {
            VectorClock a = clock(r), b = clock(r);
            boolean entrywise = true;
            for (Map.Entry<String, Long> e : a.toMap().entrySet()) entrywise &= e.getValue() <= b.get(e.getKey());
            assertEquals(entrywise, a.leq(b), a + " " + b);
        });
    }

    @Test
    void compareIsConsistentWithLeq() {
        Property.check("compare is consistent with leq", CASES, r -> {
            VectorClock a = clock(r), b = clock(r);
            VectorClock.Order order = a.compare(b);
            assertEquals(order == VectorClock.Order.EQUAL || order == VectorClock.Order.BEFORE, a.leq(b));
            assertEquals(order == VectorClock.Order.EQUAL || order == VectorClock.Order.AFTER, b.leq(a));
        });
    }

    @Test
    void withSetsOneEntryAndKeepsTheRest() {
        Property.check("with sets one entry and keeps the rest", CASES, r -> {
            VectorClock a = clock(r);
            VectorClock changed = a.with("b:2#1", 7);
            assertEquals(7, changed.get("b:2#1"));
            for (Map.Entry<String, Long> e : a.toMap().entrySet()) {
                if (!e.getKey().equals("b:2#1")) assertEquals(e.getValue(), changed.get(e.getKey()));
            }
            assertFalse(changed.with("b:2#1", 0).toMap().containsKey("b:2#1"));
            assertEquals(VectorClock.of(changed.toMap()), changed);
        });
    }

    @Test
    void theRunnerReportsTheSeedOfAFailingCaseAndThatSeedReplaysIt() {
        AssertionError failure = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> Property.check("some clock has an entry of b", CASES, r -> assertEquals(0, clock(r).get("b:2#1"))));
        String message = failure.getMessage();
        assertTrue(message.contains("-Dkvs.property.seed="), message);
        long seed = Long.parseLong(message.replaceAll("(?s).*-Dkvs\\.property\\.seed=(-?[0-9]+).*", "$1"));
        assertTrue(clock(new SplittableRandom(seed)).get("b:2#1") != 0, "the printed seed draws the failing case");
    }
}
