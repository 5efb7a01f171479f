package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A session's clock log, replayed, is its clock at every position, whatever the rows' encoding;
 * and the analysis reports the same with the logs, without them (the cm check then keeps the
 * clocks of the absent reads), with neither (it asks the backward rows), with logs or clocks for
 * only the first sessions (their bound reached), and with wide rows.
 */
class ClockLogTest {

    @Test
    void replayingTheLogGivesTheClockAfterEveryJoin() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int k = 1 + random.nextInt(40);
            int[] full = new int[k];
            for (int t = 0; t < k; t++) full[t] = random.nextInt(5) == 0 ? -1 : 5 + random.nextInt(20);
            for (int mode = 0; mode < 3; mode++) {
                SparseRows rows = new SparseRows(k, full, true, mode == 0 ? Integer.MAX_VALUE : 0, mode == 1 ? 30 : Integer.MAX_VALUE);
                // Rows to join with: built by random joins and points, as other sessions' clocks are.
                List<int[]> others = new ArrayList<>();
                others.add(rows.empty);
                for (int i = 0; i < 30; i++) {
                    int pt = random.nextInt(k);
                    others.add(rows.join(others.get(random.nextInt(others.size())), others.get(random.nextInt(others.size())), pt,
                            random.nextInt(full[pt] + 2) - 1));
                }
                IntList log = new IntList();
                int[] clock = rows.empty;
                List<int[]> expected = new ArrayList<>();
                for (int p = 0; p < 40; p++) {
                    int mark = log.size();
                    ClockLog.position(log, p);
                    int pt = random.nextInt(k);
                    clock = rows.join(clock, others.get(random.nextInt(others.size())), pt, random.nextInt(full[pt] + 2) - 1, log);
                    if (log.size() == mark + 2) log.truncate(mark);
                    expected.add(rows.dense(clock, k));
                }
                ClockLog.Replay replay = new ClockLog.Replay(rows, k);
                for (int round = 0; round < 2; round++) { // a replay is reusable
                    replay.reset(log.toArray());
                    for (int p = 0; p < 40; p++) {
                        replay.advanceTo(p);
                        for (int t = 0; t < k; t++) {
                            assertEquals(expected.get(p)[t], replay.end(t), "seed " + seed + " mode " + mode + " position " + p + " session " + t);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theAnalysisReportsTheSameWithAndWithoutLogsAndInEitherEncoding() {
        long[][] params = {{0, 2, 4, 3}, {1, 3, 3, 2}, {2, 4, 2, 3}, {5, 8, 6, 3}, {6, 12, 3, 3}, {7, 20, 4, 5}, {8, 60, 5, 3}};
        int withCm = 0;
        for (int denseMax : new int[] {Analysis.DENSE_SESSIONS_MAX, 0}) {
            for (long[] pr : params) {
                History h = CmThreadsTest.history(pr); // the generator's shapes, one history each
                Analysis base = analyse(h, denseMax, a -> {});
                withCm += base.findings.stream().anyMatch(f -> f.check().equals("cm")) ? 1 : 0;
                String context = "seed " + pr[0] + ", dense up to " + denseMax;
                assertSame(base, analyse(h, denseMax, a -> a.clockLogsOff = true), context + ", no logs (the absent reads' clocks)");
                assertSame(base, analyse(h, denseMax, a -> { a.clockLogsOff = true; a.readerClocksOff = true; }),
                        context + ", neither logs nor the absent reads' clocks");
                assertSame(base, analyse(h, denseMax, a -> { a.clockLogsOff = true; a.readerClockIntsMax = 300; }),
                        context + ", the absent reads' clocks for the first sessions");
                assertSame(base, analyse(h, denseMax, a -> a.clockLogIntsMax = 200), context + ", logs for the first sessions");
                assertSame(base, analyse(h, denseMax, a -> a.wideRows = true), context + ", wide rows");
                long budget = base.cmStepsSpent / 3;
                Analysis cut = analyse(h, denseMax, a -> a.cmBudget = budget);
                assertSame(cut, analyse(h, denseMax, a -> { a.cmBudget = budget; a.clockLogsOff = true; }), context + ", a budget cut");
                assertSame(cut, analyse(h, denseMax, a -> { a.cmBudget = budget; a.clockLogsOff = true; a.readerClocksOff = true; }),
                        context + ", a budget cut, neither logs nor clocks");
            }
        }
        assertTrue(withCm >= 2, "histories with cm findings: " + withCm);
    }

    private static Analysis analyse(History h, int denseMax, java.util.function.Consumer<Analysis> setUp) {
        Analysis a = new Analysis(h, System.nanoTime() + 60_000_000_000L);
        a.denseSessionsMax = denseMax;
        a.cmThreads = 2;
        a.clockLogsMinSessions = 0; // logs however few the sessions
        setUp.accept(a);
        a.run();
        return a;
    }

    private static void assertSame(Analysis expected, Analysis actual, String context) {
        assertEquals(expected.findings.size(), actual.findings.size(), "findings, " + context);
        for (int i = 0; i < expected.findings.size(); i++) {
            Finding e = expected.findings.get(i), f = actual.findings.get(i);
            assertEquals(e.check() + e.pattern() + e.groupKey(), f.check() + f.pattern() + f.groupKey(), context);
            assertTrue(Arrays.equals(e.ops(), f.ops()), "the witness of finding " + i + ", " + context);
        }
        assertEquals(expected.notes, actual.notes, context);
        assertEquals(expected.cmIncomplete, actual.cmIncomplete, context);
        assertEquals(expected.cmStepsSpent, actual.cmStepsSpent, context);
        assertEquals(expected.hbJustification.keySet(), actual.hbJustification.keySet(), context);
    }
}
