package kvs.core.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VectorClockProperties {

    @Provide
    Arbitrary<VectorClock> clocks() {
        Arbitrary<String> ids = Arbitraries.of("a:1#1", "b:2#1", "c:3#1", "c:3#2", "d:4#9");
        Arbitrary<Long> counts = Arbitraries.longs().between(0, 4);
        return Arbitraries.maps(ids, counts).ofMaxSize(5).map(VectorClock::of);
    }

    @Property
    void mergeIsCommutative(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        assertEquals(a.merge(b), b.merge(a));
    }

    @Property
    void mergeIsAssociative(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b, @ForAll("clocks") VectorClock c) {
        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property
    void mergeIsIdempotent(@ForAll("clocks") VectorClock a) {
        assertEquals(a, a.merge(a));
    }

    @Property
    void mergeIsTheLeastUpperBound(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b, @ForAll("clocks") VectorClock c) {
        VectorClock m = a.merge(b);
        assertTrue(a.leq(m) && b.leq(m));
        if (a.leq(c) && b.leq(c)) assertTrue(m.leq(c));
    }

    @Property
    void leqIsAPartialOrder(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b, @ForAll("clocks") VectorClock c) {
        assertTrue(a.leq(a));
        if (a.leq(b) && b.leq(a)) assertEquals(a, b);
        if (a.leq(b) && b.leq(c)) assertTrue(a.leq(c));
    }

    @Property
    void leqAgreesWithEntrywiseComparison(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        boolean entrywise = true;
        for (Map.Entry<String, Long> e : a.toMap().entrySet()) entrywise &= e.getValue() <= b.get(e.getKey());
        assertEquals(entrywise, a.leq(b));
    }

    @Property
    void compareIsConsistentWithLeq(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        VectorClock.Order order = a.compare(b);
        assertEquals(order == VectorClock.Order.EQUAL || order == VectorClock.Order.BEFORE, a.leq(b));
        assertEquals(order == VectorClock.Order.EQUAL || order == VectorClock.Order.AFTER, b.leq(a));
    }

    @Property
    void withSetsOneEntryAndKeepsTheRest(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        VectorClock changed = a.with("b:2#1", 7);
        assertEquals(7, changed.get("b:2#1"));
        for (Map.Entry<String, Long> e : a.toMap().entrySet()) {
            if (!e.getKey().equals("b:2#1")) assertEquals(e.getValue(), changed.get(e.getKey()));
        }
        assertFalse(changed.with("b:2#1", 0).toMap().containsKey("b:2#1"));
        assertEquals(VectorClock.of(changed.toMap()), changed);
    }
}
