package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import kvs.checker.history.HistoryEvent;
import kvs.checker.report.CheckReport;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Generator.Anomaly;
import kvs.checker.tools.Generator.Params;

/** Histories of the causally consistent reference model pass; each single mutation is caught with its pattern. */
class GeneratedHistoriesProperties {

    /** The report, or null when the anomaly could not be injected (the case is then skipped). */
    private static Report generateAndCheck(Params p) {
        List<HistoryEvent> events = new ArrayList<>();
        boolean injected = Generator.generate(p, events::add);
        if (!injected) return null;
        return Checker.check(events, CheckOptions.defaults());
    }

    private static boolean has(Report r, String check, String pattern) {
        return r.violations().stream().flatMap(v -> v.as(check).stream()).anyMatch(v -> v.pattern().equals(pattern));
    }

    /**
     * The reference model is causally convergent (causal delivery, last-writer-wins), which is
     * incomparable with causal memory (Bouajjani et al., POPL 2017): with the exact hb, some of its
     * histories are cm-invalid (a session reads its own older write after a newer concurrent one
     * that wins arbitration). So cm may be invalid, but only with cm's own patterns, and never unknown.
     */
    @Test
    void referenceModelHistoriesAreValidUnderEveryModelButCausalMemory() {
        Seeds.forEach("referenceModelHistoriesAreValidUnderEveryModelButCausalMemory", 40, caseSeed -> {
            SplittableRandom random = new SplittableRandom(caseSeed);
            int sessions = 1 + random.nextInt(8), keys = 1 + random.nextInt(20), replicas = 1 + random.nextInt(4);
            Params p = new Params(1500, sessions, keys, replicas, random.nextLong(1_000_000), Anomaly.NONE, 0.01);
            CheckReport report = (CheckReport) generateAndCheck(p);
            report.checks().forEach((check, v) -> {
                if (check.equals("cm")) assertTrue(v != Verdict.UNKNOWN, () -> "cm in\n" + report.text());
                else assertEquals(Verdict.VALID, v, () -> check + " in\n" + report.text());
            });
            assertTrue(report.violations().stream().allMatch(v -> v.checks().equals(List.of("cm"))), report::text);
        });
    }

    @Test
    void aReadReturningAValueItsOwnSessionOverwroteIsCaught() {
        Seeds.forEach("aReadReturningAValueItsOwnSessionOverwroteIsCaught", 15, caseSeed -> {
            Report r = generateAndCheck(new Params(3000, 4, 5, 3, caseSeed % 1_000_001, Anomaly.STALE_READ, 0));
            if (r == null) return;
            assertEquals(Verdict.INVALID, r.verdict());
            assertTrue(has(r, "cc", "WriteCORead") && has(r, "read-your-writes", "WriteCORead"), r::text);
        });
    }

    @Test
    void aSessionsReadGoingBackwardsIsCaught() {
        Seeds.forEach("aSessionsReadGoingBackwardsIsCaught", 15, caseSeed -> {
            Report r = generateAndCheck(new Params(3000, 4, 5, 3, caseSeed % 1_000_001, Anomaly.BACKWARDS_READ, 0));
            if (r == null) return;
            assertEquals(Verdict.INVALID, r.verdict());
            assertTrue(has(r, "cc", "WriteCORead") && has(r, "monotonic-reads", "WriteCORead"), r::text);
        });
    }

    @Test
    void aValueFromThinAirIsCaught() {
        Seeds.forEach("aValueFromThinAirIsCaught", 10, caseSeed -> {
            Report r = generateAndCheck(new Params(1000, 4, 5, 3, caseSeed % 1_000_001, Anomaly.THIN_AIR, 0));
            if (r == null) return;
            assertTrue(has(r, "thin-air", "ThinAirRead"), r::text);
        });
    }

    @Test
    void aLostWriteInTheFinalReadsIsCaught() {
        Seeds.forEach("aLostWriteInTheFinalReadsIsCaught", 10, caseSeed -> {
            Report r = generateAndCheck(new Params(2000, 4, 5, 3, caseSeed % 1_000_001, Anomaly.LOST_WRITE, 0));
            if (r == null) return;
            assertEquals(Verdict.INVALID, r.verdict());
            assertTrue(has(r, "convergence", "FinalReadsDisagree") && has(r, "convergence", "FinalValueOverwritten"), r::text);
            assertEquals(Verdict.VALID, ((CheckReport) r).checks().get("cc"));
        });
    }

    @Test
    void theSameSeedGivesTheSameHistory() {
        Seeds.forEach("theSameSeedGivesTheSameHistory", 5, caseSeed -> {
            List<HistoryEvent> a = new ArrayList<>(), b = new ArrayList<>();
            Generator.generate(Params.of(500, 3, 4, 2, caseSeed % 1_000_001), a::add);
            Generator.generate(Params.of(500, 3, 4, 2, caseSeed % 1_000_001), b::add);
            assertEquals(a, b);
        });
    }
}
