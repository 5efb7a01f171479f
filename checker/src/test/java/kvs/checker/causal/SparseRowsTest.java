package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Sparse rows against dense arrays: every join gives the pointwise max (forward) or min
 * (backward), whatever the cuts, and a row with one session set has that value there and the
 * row's elsewhere.
 */
class SparseRowsTest {

    @Test
    void joinsEqualThePointwiseJoinOfDenseRowsInBothDirections() {
        for (long seed = 0; seed < 300; seed++) {
            for (boolean forward : new boolean[] {true, false}) {
                check(seed, forward, 0, Integer.MAX_VALUE);
                check(seed, forward, 0, 30); // narrow: one int an entry
                check(seed, forward, Integer.MAX_VALUE, Integer.MAX_VALUE);
            }
        }
    }

    private static void check(long seed, boolean forward, int denseMax, int positions) {
        SplittableRandom random = new SplittableRandom(seed);
        int k = 1 + random.nextInt(40);
        int[] full = new int[k];
        for (int t = 0; t < k; t++) {
            // Forward: the last exported position, or -1. Backward: the first importing position, or NONE.
            full[t] = random.nextInt(5) == 0 ? (forward ? -1 : SparseRows.NONE) : 5 + random.nextInt(20);
        }
        SparseRows rows = new SparseRows(k, full, forward, denseMax, positions);
        assertEquals(denseMax == 0 && positions == 30, rows.narrow);
        List<int[]> sparse = new ArrayList<>();
        List<int[]> dense = new ArrayList<>();
        sparse.add(rows.empty);
        dense.add(rows.dense(rows.empty, k));
        for (int step = 0; step < 200; step++) {
            int a = random.nextInt(sparse.size()), b = random.nextInt(sparse.size());
            int pt = random.nextInt(3) == 0 ? -1 : random.nextInt(k);
            // A point respects the bound (forward ≤ full, backward ≥ full) unless it is the row's own session, which may pass it.
            int pv = forward ? random.nextInt(30) - 1 : random.nextInt(30);
            if (pt >= 0 && random.nextInt(4) > 0) pv = forward ? Math.min(pv, full[pt]) : Math.max(pv, full[pt]);
            int[] joined = rows.join(sparse.get(a), sparse.get(b), pt, pv);
            int[] expected = dense.get(a).clone();
            int[] other = dense.get(b);
            for (int t = 0; t < k; t++) expected[t] = forward ? Math.max(expected[t], other[t]) : Math.min(expected[t], other[t]);
            if (pt >= 0) expected[pt] = forward ? Math.max(expected[pt], pv) : Math.min(expected[pt], pv);
            assertArrayEquals(expected, rows.dense(joined, k), "seed " + seed + " step " + step);
            for (int t = 0; t < k; t++) assertEquals(expected[t], rows.get(joined, t), "seed " + seed + " get " + t);
            if (java.util.Arrays.equals(expected, dense.get(a)) && rows.cut(joined) == rows.cut(sparse.get(a))) {
                assertSame(sparse.get(a), joined, "a join that changes nothing shares the row");
            }
            assertTrue(rows.entries(joined) <= k + 1, "a row never has more entries than sessions");
            sparse.add(joined);
            dense.add(expected);
            if (random.nextInt(4) == 0) {
                // A row with one session set to any value (the cm search sets an entry's own session this way),
                // which then takes part in later joins like any other.
                int t = random.nextInt(k), v = random.nextInt(3) == 0 ? (forward ? -1 : SparseRows.NONE) : random.nextInt(30);
                int[] set = rows.with(joined, t, v);
                int[] expectedSet = expected.clone();
                expectedSet[t] = v;
                assertArrayEquals(expectedSet, rows.dense(set, k), "seed " + seed + " step " + step + " with");
                for (int u = 0; u < k; u++) assertEquals(expectedSet[u], rows.get(set, u), "seed " + seed + " with, get " + u);
                sparse.add(set);
                dense.add(expectedSet);
            }
        }
    }

    @Test
    void aRowOfSessionsThatEndedAndSessionsNotYetBegunIsShort() {
        int k = 1000;
        int[] full = new int[k];
        for (int t = 0; t < k; t++) full[t] = 10;
        SparseRows rows = new SparseRows(k, full, true, 0);
        // Sessions 0..599 seen in full, 600..609 partly, the rest not at all: one cut and ten entries.
        int[] row = rows.empty;
        for (int t = 0; t < 600; t++) row = rows.join(row, rows.empty, t, 10);
        for (int t = 600; t < 610; t++) row = rows.join(row, rows.empty, t, 3);
        assertEquals(600, rows.cut(row));
        assertEquals(10, rows.entries(row));
        assertEquals(10, rows.get(row, 0));
        assertEquals(3, rows.get(row, 605));
        assertEquals(-1, rows.get(row, 700));
    }
}
