package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import kvs.checker.history.HistoryEvent;
import kvs.checker.report.CheckReport;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Generator.Anomaly;
import kvs.checker.tools.Generator.Params;

/** Histories of the causally consistent reference model pass; each single mutation is caught with its pattern. */
class GeneratedHistoriesProperties {

    private static Report generateAndCheck(Params p) {
        List<HistoryEvent> events = new ArrayList<>();
        boolean injected = Generator.generate(p, events::add);
        Assume.that(injected);
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
    @Property(tries = 40)
    void referenceModelHistoriesAreValidUnderEveryModelButCausalMemory(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                                        @ForAll @IntRange(min = 1, max = 8) int sessions,
                                                                        @ForAll @IntRange(min = 1, max = 20) int keys,
                                                                        @ForAll @IntRange(min = 1, max = 4) int replicas) {
        Params p = new Params(1500, sessions, keys, replicas, seed, Anomaly.NONE, 0.01);
        CheckReport report = (CheckReport) generateAndCheck(p);
        report.checks().forEach((check, v) -> {
            if (check.equals("cm")) assertTrue(v != Verdict.UNKNOWN, () -> "cm in\n" + report.text());
            else assertEquals(Verdict.VALID, v, () -> check + " in\n" + report.text());
        });
        assertTrue(report.violations().stream().allMatch(v -> v.checks().equals(List.of("cm"))), report::text);
    }

    @Property(tries = 15)
    void aReadReturningAValueItsOwnSessionOverwroteIsCaught(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Report r = generateAndCheck(new Params(3000, 4, 5, 3, seed, Anomaly.STALE_READ, 0));
        assertEquals(Verdict.INVALID, r.verdict());
        assertTrue(has(r, "cc", "WriteCORead") && has(r, "read-your-writes", "WriteCORead"), r::text);
    }

    @Property(tries = 15)
    void aSessionsReadGoingBackwardsIsCaught(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Report r = generateAndCheck(new Params(3000, 4, 5, 3, seed, Anomaly.BACKWARDS_READ, 0));
        assertEquals(Verdict.INVALID, r.verdict());
        assertTrue(has(r, "cc", "WriteCORead") && has(r, "monotonic-reads", "WriteCORead"), r::text);
    }

    @Property(tries = 10)
    void aValueFromThinAirIsCaught(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Report r = generateAndCheck(new Params(1000, 4, 5, 3, seed, Anomaly.THIN_AIR, 0));
        assertTrue(has(r, "thin-air", "ThinAirRead"), r::text);
    }

    @Property(tries = 10)
    void aLostWriteInTheFinalReadsIsCaught(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Report r = generateAndCheck(new Params(2000, 4, 5, 3, seed, Anomaly.LOST_WRITE, 0));
        assertEquals(Verdict.INVALID, r.verdict());
        assertTrue(has(r, "convergence", "FinalReadsDisagree") && has(r, "convergence", "FinalValueOverwritten"), r::text);
        assertEquals(Verdict.VALID, ((CheckReport) r).checks().get("cc"));
    }

    @Property(tries = 5)
    void theSameSeedGivesTheSameHistory(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        List<HistoryEvent> a = new ArrayList<>(), b = new ArrayList<>();
        Generator.generate(Params.of(500, 3, 4, 2, seed), a::add);
        Generator.generate(Params.of(500, 3, 4, 2, seed), b::add);
        assertEquals(a, b);
    }
}
