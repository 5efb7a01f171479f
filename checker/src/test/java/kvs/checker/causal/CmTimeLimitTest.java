package kvs.checker.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import kvs.checker.Model;
import kvs.checker.Verdict;
import kvs.checker.history.HistoryEvent;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Generator.Anomaly;
import kvs.checker.tools.Generator.Params;

/**
 * cm runs last and alone in its time: when the time limit runs out at or inside it, only cm is
 * unknown, and the default verdict (ccv), which cm does not decide, stands.
 */
class CmTimeLimitTest {
    private static History small(long seed) {
        List<HistoryEvent> events = new ArrayList<>();
        Generator.generate(new Params(60, 3, 3, 2, seed, Anomaly.NONE, 0.0), events::add);
        History h = new History();
        int line = 0;
        for (HistoryEvent e : events) h.add(e, ++line);
        return h;
    }

    @Test
    void aTimeLimitReachedAtCmLeavesEveryOtherCheckDecided() {
        Outcome out = Outcome.analyze(small(3), 1); // one nanosecond: spent before cm begins
        assertFalse(out.timedOut(), "the other checks finished: " + out.notes());
        assertEquals(Verdict.UNKNOWN, out.status().get("cm"));
        for (String check : List.of("cc", "ccv", "thin-air", "convergence", "read-your-writes")) {
            assertEquals(Verdict.VALID, out.status().get(check), check);
        }
        assertEquals(Verdict.VALID, out.verdict(Model.CCV));
        assertEquals(Verdict.UNKNOWN, out.verdict(Model.CM));
        assertTrue(out.notes().stream().anyMatch(n -> n.contains("before the causal-memory (cm) check finished")), out.notes().toString());
    }

    @Test
    void withTimeCmIsDecidedToo() {
        Outcome out = Outcome.analyze(small(3), 60_000_000_000L);
        assertEquals(Verdict.VALID, out.status().get("cm"));
        assertEquals(Verdict.VALID, out.verdict(Model.CM));
    }
}
