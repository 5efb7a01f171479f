package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import kvs.checker.history.HistoryEvent;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Generator.Anomaly;
import kvs.checker.tools.Generator.Params;

/**
 * The cm check runs its sessions on several threads; what it reports must not depend on how many,
 * nor on which thread finished first: the same findings in the same order, the same notes, also
 * when the step budget runs out part-way (the sessions before the one that spent it keep their
 * findings, as with one thread). Reference-model histories have cm findings in many sessions.
 */
class CmThreadsTest {
    @Test
    void theFindingsAndNotesAreTheSameOnOneThreadAndOnSeveral() {
        sameOnAnyThreads(Analysis.DENSE_SESSIONS_MAX);
    }

    /** With sparse rows the sessions are checked while the forward pass runs, as each one ends. */
    @Test
    void theFindingsAndNotesAreTheSameOnOneThreadAndOnSeveralWhileTheForwardPassRuns() {
        sameOnAnyThreads(0);
    }

    private static void sameOnAnyThreads(int denseMax) {
        CmThreadsTest.denseMax = denseMax;
        int compared = 0, withFindings = 0, cut = 0;
        long[][] params = {{0, 2, 4, 3}, {1, 3, 3, 2}, {2, 4, 2, 3}, {3, 5, 5, 4}, {4, 2, 1, 2}, {5, 8, 6, 3}, {6, 12, 3, 3}, {7, 20, 4, 5}};
        for (long[] pr : params) {
            long seed = pr[0];
            History h = history(pr);
            Analysis one = analyse(h, 1, -1);
            withFindings += cmFindings(one).isEmpty() ? 0 : 1;
            for (int threads : new int[] {2, 3, 5}) {
                assertSame(one, analyse(h, threads, -1), "seed " + seed + ", " + threads + " threads");
                compared++;
            }
            // A budget that runs out part-way: find the total and give a little less than half.
            long steps = totalSteps(h);
            for (long budget : new long[] {steps / 2, steps / 5, 1}) {
                Analysis a1 = analyse(h, 1, budget);
                assertTrue(a1.cmIncomplete, "a budget of " + budget + " of " + steps + " steps runs out");
                cut++;
                for (int threads : new int[] {2, 4}) assertSame(a1, analyse(h, threads, budget), "seed " + seed + ", budget " + budget);
            }
        }
        assertTrue(withFindings >= 1, "histories with cm findings: " + withFindings);
        assertTrue(compared == 24 && cut == 24);
    }

    /**
     * However a check ends (a finished cm, a time limit anywhere, from the forward pass to cm
     * itself), no cm thread is left running or waiting: the simulator and the tester check
     * thousands of histories in one process.
     */
    @Test
    void noCmThreadOutlivesItsCheck() {
        History h = history(new long[] {9, 300, 6, 3});
        denseMax = 0; // sparse rows: cm starts during the forward pass
        int timedOut = 0;
        for (int i = 0; i < 40; i++) {
            Analysis a = new Analysis(h, System.nanoTime() + i * 2_000_000L);
            a.denseSessionsMax = 0;
            a.cmThreads = 3;
            try {
                a.run();
                if (a.cmIncomplete) timedOut++;
            } catch (TimeUp e) {
                timedOut++;
            }
            long alive = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("kvs-check-cm-")).count();
            assertEquals(0, alive, "cm threads alive after check " + i);
        }
        assertTrue(timedOut > 0, "some checks ran out of time");
    }

    /** (seed, sessions, keys, replicas): the shapes of {@link ExactHappensBeforeTest}, and two with more sessions. */
    static History history(long[] pr) {
        List<HistoryEvent> events = new ArrayList<>();
        Generator.generate(new Params(1500, (int) pr[1], (int) pr[2], (int) pr[3], pr[0], Anomaly.NONE, 0.01), events::add);
        History h = new History();
        int line = 0;
        for (HistoryEvent e : events) h.add(e, ++line);
        return h;
    }

    private static int denseMax;

    private static Analysis analyse(History h, int threads, long budget) {
        Analysis a = new Analysis(h, System.nanoTime() + 60_000_000_000L);
        a.denseSessionsMax = denseMax;
        a.cmThreads = threads;
        a.cmBudget = budget;
        a.run();
        return a;
    }

    /** The steps of an unbounded run, from a run whose budget is just enough to learn it: the sum over sessions. */
    private static long totalSteps(History h) {
        Analysis a = analyse(h, 1, Long.MAX_VALUE / 4);
        assertTrue(!a.cmIncomplete);
        return a.cmStepsSpent;
    }

    private static List<Finding> cmFindings(Analysis a) {
        return a.findings.stream().filter(f -> f.check().equals("cm")).toList();
    }

    private static void assertSame(Analysis expected, Analysis actual, String context) {
        List<Finding> e = cmFindings(expected), f = cmFindings(actual);
        assertEquals(e.size(), f.size(), "cm findings, " + context);
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i).pattern(), f.get(i).pattern(), context);
            assertEquals(e.get(i).groupKey(), f.get(i).groupKey(), context);
            assertTrue(Arrays.equals(e.get(i).ops(), f.get(i).ops()), "the witness of finding " + i + ", " + context);
        }
        assertEquals(expected.notes, actual.notes, context);
        assertEquals(expected.cmIncomplete, actual.cmIncomplete, context);
        assertEquals(expected.hbJustification.keySet(), actual.hbJustification.keySet(), context);
    }
}
