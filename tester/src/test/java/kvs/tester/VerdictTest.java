package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kvs.checker.CheckOptions;
import kvs.checker.Checker;
import kvs.checker.Verdict;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;
import kvs.checker.report.CheckReport;
import kvs.tester.nemesis.Nemesis.Kill;
import org.junit.jupiter.api.Test;

/** How the checker's verdict, convergence, unexpected answers, conformance, lost writes and strength combine. */
class VerdictTest {
    private long time;
    private final List<Object> events = new ArrayList<>();

    private void put(String session, String value) {
        HistoryEvent invoke = HistoryEvent.invoke(session, Op.PUT, "k", Optional.of(value), Optional.of("r1"), Optional.of("null"),
                ++time, false);
        events.add(invoke);
        events.add(invoke.complete(Type.OK, Optional.of(value), false, Optional.of("r1"), Optional.of("{}"), ++time, 200,
                Optional.empty()));
    }

    private void get(String session, String value) {
        HistoryEvent invoke = HistoryEvent.invoke(session, Op.GET, "k", Optional.empty(), Optional.of("r1"), Optional.of("null"),
                ++time, false);
        events.add(invoke);
        events.add(invoke.complete(Type.OK, Optional.of(value), true, Optional.of("r1"), Optional.of("{}"), ++time, 200,
                Optional.empty()));
    }

    private CheckReport check() {
        return Checker.check(HistoryLog.toHistory(events), CheckOptions.defaults(), "t");
    }

    private Strength strength() {
        List<HistoryEvent> ops = new ArrayList<>();
        events.forEach(e -> ops.add((HistoryEvent) e));
        return Strength.of(ops);
    }

    private static Quiescence.Result converged(boolean yes) {
        Map<String, Map<String, String>> values = yes ? Map.of("r1", Map.of("k", "1"), "r2", Map.of("k", "1"))
                : Map.of("r1", Map.of("k", "1"), "r2", Map.of("k", "2"));
        return new Quiescence.Result(yes, 3, 900, new Quiescence.Round(values, List.of()), List.of(), Optional.empty());
    }

    private void strongValidHistory() {
        for (int i = 0; i < 25; i++) {
            put("a", "\"v" + i + "\"");
            get("b", "\"v" + i + "\"");
        }
    }

    @Test
    void aStrongValidConvergedRunIsValid() {
        strongValidHistory();
        TestRun.Outcome o = TestRun.decide(check(), converged(true), 0, strength(), List.of(), false, 0);
        assertEquals(Verdict.VALID, o.verdict(), o.reasons().toString());
        assertEquals(0, o.exitCode());
    }

    @Test
    void aWeakValidRunIsUnknownWithTheReason() {
        for (int i = 0; i < 5; i++) {
            put("a", "\"v" + i + "\"");
            get("b", "\"v" + i + "\"");
        }
        TestRun.Outcome o = TestRun.decide(check(), converged(true), 0, strength(), List.of(), false, 0);
        assertEquals(Verdict.UNKNOWN, o.verdict());
        assertEquals(2, o.exitCode());
        assertTrue(o.reasons().get(0).contains("another session"), o.reasons().toString());
    }

    @Test
    void aWeakRunWithAViolationStaysInvalid() {
        put("a", "\"v1\"");
        get("b", "\"never written\"");
        TestRun.Outcome o = TestRun.decide(check(), converged(true), 0, strength(), List.of(), false, 0);
        assertEquals(Verdict.INVALID, o.verdict(), o.reasons().toString());
        assertTrue(o.reasons().get(0).startsWith("the checker found violations"), o.reasons().toString());
    }

    @Test
    void noConvergenceUnexpectedAnswersAndFailedConformanceEachMakeItInvalid() {
        strongValidHistory();
        CheckReport valid = check();
        TestRun.Outcome diverged = TestRun.decide(valid, converged(false), 0, strength(), List.of(), false, 0);
        assertEquals(Verdict.INVALID, diverged.verdict());
        assertTrue(diverged.reasons().get(0).contains("convergence failure: after 0.9 s the replicas still disagree on 1 key(s)"),
                diverged.reasons().toString());
        TestRun.Outcome unexpected = TestRun.decide(valid, converged(true), 3, strength(), List.of(), false, 0);
        assertEquals(Verdict.INVALID, unexpected.verdict());
        assertTrue(unexpected.reasons().get(0).startsWith("3 answer(s) the API does not allow"), unexpected.reasons().toString());
        TestRun.Outcome conformance = TestRun.decide(valid, converged(true), 0, strength(), List.of(), false, 2);
        assertEquals(Verdict.INVALID, conformance.verdict());
        assertTrue(conformance.reasons().get(0).startsWith("2 conformance check(s) failed"), conformance.reasons().toString());
    }

    @Test
    void aWriteLostWithACrashIsInvalidOnlyWithStrictDurability() {
        strongValidHistory();
        CrashLoss loss = CrashLoss.analyze(events, List.of(new Kill(1, 0, "r1", ++time)));
        List<CrashLoss.Exposed> lost = loss.exposed().subList(0, 1);
        assertEquals(Verdict.VALID, TestRun.decide(check(), converged(true), 0, strength(), lost, false, 0).verdict());
        TestRun.Outcome strict = TestRun.decide(check(), converged(true), 0, strength(), lost, true, 0);
        assertEquals(Verdict.INVALID, strict.verdict());
        assertTrue(strict.reasons().get(0).contains("lost with a crash (--strict-durability)"), strict.reasons().toString());
    }
}
