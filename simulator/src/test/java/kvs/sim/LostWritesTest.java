package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Only the checker's reports about writes that died with crashed replicas are excused, nothing else. */
class LostWritesTest {
    private static final List<String> CCV = List.of("cc", "ccv", "thin-air", "convergence");

    private static Judgement invalid(boolean complete, Judgement.Finding... findings) {
        return new Judgement(Judgement.Verdict.INVALID, List.of("convergence"), "report", "{}", "<html/>",
                List.of(findings), CCV, complete);
    }

    private static Judgement.Finding overwritten(boolean alone, Integer... ops) {
        return new Judgement.Finding("convergence", "FinalValueOverwritten", List.of(ops), alone);
    }

    @Test
    void aLostWriteReportAboutAWriteThatDiedInACrashIsExcusedWithANote() {
        Judgement judged = Simulation.excuseLostWrites(invalid(true, overwritten(true, 40, 12, 17)), List.of(17));
        assertEquals(Judgement.Verdict.VALID, judged.verdict());
        assertTrue(judged.text().startsWith("NOTE (simulator): 1 convergence finding(s)"), judged.text());
        assertTrue(judged.text().contains("operations [17]"));
    }

    @Test
    void aLostWriteReportAboutAnyOtherWriteStands() {
        Judgement original = invalid(true, overwritten(true, 40, 12, 18));
        assertSame(original, Simulation.excuseLostWrites(original, List.of(17)));
    }

    @Test
    void anyOtherDecidingViolationKeepsTheRunInvalid() {
        Judgement original = invalid(true, overwritten(true, 40, 12, 17),
                new Judgement.Finding("cc", "WriteCORead", List.of(3, 4, 5), true));
        assertSame(original, Simulation.excuseLostWrites(original, List.of(17)));
        Judgement disagree = invalid(true, new Judgement.Finding("convergence", "FinalReadsDisagree", List.of(17, 41), true));
        assertSame(disagree, Simulation.excuseLostWrites(disagree, List.of(17)));
    }

    @Test
    void groupsWithUnexplainedMembersAndTruncatedReportsAreNotExcused() {
        Judgement grouped = invalid(true, overwritten(false, 40, 12, 17));
        assertSame(grouped, Simulation.excuseLostWrites(grouped, List.of(17)));
        Judgement truncated = invalid(false, overwritten(true, 40, 12, 17));
        assertSame(truncated, Simulation.excuseLostWrites(truncated, List.of(17)));
    }

    @Test
    void findingsOfChecksThatDoNotDecideTheVerdictAreIgnored() {
        Judgement original = invalid(true, overwritten(true, 40, 12, 17),
                new Judgement.Finding("cm", "CyclicHB", List.of(1, 2), true));
        assertEquals(Judgement.Verdict.VALID, Simulation.excuseLostWrites(original, List.of(17)).verdict());
    }
}
