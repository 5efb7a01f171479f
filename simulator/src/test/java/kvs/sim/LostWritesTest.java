package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import kvs.checker.history.HistoryEvent;

/**
 * Only the checker's reports about writes that died with crashed replicas are excused, nothing else:
 * a run passes when every deciding finding is a convergence finding and the history, with the dead
 * writes' outcomes taken as unknown, is valid.
 */
class LostWritesTest {
    private static final List<String> CCV = List.of("cc", "ccv", "thin-air", "convergence");

    private static Judgement invalid(boolean complete, Judgement.Finding... findings) {
        return new Judgement(Judgement.Verdict.INVALID, List.of("convergence"), "report", "{}", "<html/>",
                List.of(findings), CCV, complete);
    }

    private static Judgement.Finding overwritten(Integer... ops) {
        return new Judgement.Finding("convergence", "FinalValueOverwritten", List.of(ops), true);
    }

    private static final Function<Set<Integer>, Judgement> VALID_AGAIN = lost -> Judgement.valid("valid");
    private static final Function<Set<Integer>, Judgement> INVALID_AGAIN = lost -> invalid(true, overwritten(40, 12, 18));

    @Test
    void aLostWriteReportExplainedByAWriteThatDiedInACrashIsExcusedWithANote() {
        Judgement judged = Simulation.excuseLostWrites(invalid(true, overwritten(40, 12, 17)), List.of(17), VALID_AGAIN);
        assertEquals(Judgement.Verdict.VALID, judged.verdict());
        assertTrue(judged.text().startsWith("NOTE (simulator): 1 convergence finding(s)"), judged.text());
        assertTrue(judged.text().contains("operations [17]"));
    }

    @Test
    void aLostWriteReportThatStaysWithTheDeadWritesUnknownStands() {
        Judgement original = invalid(true, overwritten(40, 12, 17));
        assertSame(original, Simulation.excuseLostWrites(original, List.of(17), INVALID_AGAIN));
    }

    @Test
    void anyOtherDecidingViolationKeepsTheRunInvalidWithoutASecondJudgement() {
        AtomicInteger judged = new AtomicInteger();
        Function<Set<Integer>, Judgement> counting = lost -> {
            judged.incrementAndGet();
            return Judgement.valid("valid");
        };
        Judgement original = invalid(true, overwritten(40, 12, 17),
                new Judgement.Finding("cc", "WriteCORead", List.of(3, 4, 5), true));
        assertSame(original, Simulation.excuseLostWrites(original, List.of(17), counting));
        Judgement disagree = invalid(true, new Judgement.Finding("convergence", "FinalReadsDisagree", List.of(17, 41), true));
        assertSame(disagree, Simulation.excuseLostWrites(disagree, List.of(17), counting));
        Judgement truncated = invalid(false, overwritten(40, 12, 17));
        assertSame(truncated, Simulation.excuseLostWrites(truncated, List.of(17), counting));
        Judgement noneDied = invalid(true, overwritten(40, 12, 17));
        assertSame(noneDied, Simulation.excuseLostWrites(noneDied, List.of(), counting));
        assertEquals(0, judged.get());
    }

    @Test
    void findingsOfChecksThatDoNotDecideTheVerdictAreIgnored() {
        Judgement original = invalid(true, overwritten(40, 12, 17),
                new Judgement.Finding("cm", "CyclicHB", List.of(1, 2), true));
        assertEquals(Judgement.Verdict.VALID, Simulation.excuseLostWrites(original, List.of(17), VALID_AGAIN).verdict());
    }

    // ---------------------------------------------------------------- with the checker

    /** A hand-written history, operations numbered in invocation order from 0. */
    private static final class Hist {
        final List<HistoryEvent> events = new ArrayList<>();
        long time;

        Hist op(String session, HistoryEvent.Op op, String key, String value, String replica, boolean finalRead) {
            Optional<String> written = op == HistoryEvent.Op.PUT ? Optional.of(value) : Optional.empty();
            HistoryEvent invoke = HistoryEvent.invoke(session, op, key, written, Optional.of(replica), Optional.of("{}"),
                    time += 1_000, finalRead);
            events.add(invoke);
            boolean found = op == HistoryEvent.Op.GET && value != null;
            Optional<String> answer = op == HistoryEvent.Op.DELETE || (op == HistoryEvent.Op.GET && value == null)
                    ? Optional.empty() : Optional.of(value);
            events.add(invoke.complete(HistoryEvent.Type.OK, answer, found, Optional.of(replica), Optional.of("{}"),
                    time += 1_000, op == HistoryEvent.Op.GET && value == null ? 404 : 200, Optional.empty()));
            return this;
        }
    }

    private static Judgement judgeWithExcuse(List<HistoryEvent> history, List<Integer> dead) {
        CheckerJudge judge = new CheckerJudge();
        return Simulation.excuseLostWrites(judge.judge(history), dead,
                lost -> judge.judge(Simulation.withOutcomesUnknown(history, lost)));
    }

    private static final HistoryEvent.Op PUT = HistoryEvent.Op.PUT, GET = HistoryEvent.Op.GET, DEL = HistoryEvent.Op.DELETE;
    private static final String R1 = "10.0.0.1:8090", R2 = "10.0.0.2:8090";

    @Test
    void anAbsentFinalReadAfterAPutThatDiedIsExcused() {
        Hist h = new Hist()
                .op("a", PUT, "k", "\"1\"", R1, false)  // #0, died with R1
                .op("f", GET, "k", null, R2, true);    // #1: absent at the end
        assertEquals(Judgement.Verdict.INVALID, new CheckerJudge().judge(h.events).verdict());
        Judgement judged = judgeWithExcuse(h.events, List.of(0));
        assertEquals(Judgement.Verdict.VALID, judged.verdict(), judged.text());
        assertTrue(judged.text().startsWith("NOTE (simulator)"));
    }

    /**
     * The finding names a delete and the write that overwrote it; that write died, but a later put,
     * which survives (it did not die in a crash), follows the delete too: the absent final read is
     * wrong whatever died, so the run must fail. (The rule before excused any finding naming a dead
     * write among its operations, and passed this one.)
     */
    @Test
    void aFindingThatNamesADeadWriteButStaysWithoutItIsNotExcused() {
        Hist h = new Hist()
                .op("a", PUT, "k", "\"1\"", R1, false)  // #0
                .op("a", DEL, "k", null, R1, false)     // #1: the delete
                .op("a", PUT, "k", "\"2\"", R1, false)  // #2: overwrites it, then dies with R1
                .op("b", GET, "k", "\"2\"", R1, false)  // #3: saw #2, so #1 -> #2 -> #3
                .op("b", PUT, "k", "\"3\"", R2, false)  // #4: survives, follows the delete, lost by a bug
                .op("f", GET, "k", null, R2, true);    // #5: absent at the end
        Judgement first = new CheckerJudge().judge(h.events);
        assertEquals(Judgement.Verdict.INVALID, first.verdict());
        assertTrue(first.findings().stream().anyMatch(f -> f.operations().contains(2)), "the finding names the dead write: "
                + first.findings());
        Judgement judged = judgeWithExcuse(h.events, List.of(2));
        assertEquals(Judgement.Verdict.INVALID, judged.verdict(), judged.text());
        assertFalse(judged.text().startsWith("NOTE"));
    }

    @Test
    void onlyTheCompletionsOfTheGivenInvocationsBecomeUnknown() {
        Hist h = new Hist()
                .op("a", PUT, "k", "\"1\"", R1, false)
                .op("b", PUT, "k", "\"2\"", R2, false)
                .op("a", PUT, "k", "\"3\"", R1, false);
        List<HistoryEvent> marked = Simulation.withOutcomesUnknown(h.events, Set.of(1, 2));
        List<HistoryEvent.Type> types = marked.stream().map(HistoryEvent::type).toList();
        assertEquals(List.of(HistoryEvent.Type.INVOKE, HistoryEvent.Type.OK, HistoryEvent.Type.INVOKE, HistoryEvent.Type.INFO,
                HistoryEvent.Type.INVOKE, HistoryEvent.Type.INFO), types);
        assertEquals(h.events.get(3).valueJson(), marked.get(3).valueJson());
    }
}
