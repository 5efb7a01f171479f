package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Hand-written valid histories, including the tricky ones, that must pass every model. */
class ValidHistoriesTest {

    static void assertValidEverywhere(Hist h) {
        for (Model m : Model.values()) {
            Report report = h.check(m);
            assertEquals(Verdict.VALID, report.verdict(), () -> m + "\n" + report.text());
        }
    }

    @Test
    void anEmptyHistoryIsValid() {
        assertValidEverywhere(new Hist());
    }

    @Test
    void readingOwnWritesAndOthersInCausalOrderIsValid() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.get("A", "x", "1");
        h.get("B", "x", "1");
        h.put("B", "x", "2");
        h.get("A", "x", "2");
        h.get("A", "x", "2");
        h.finalGet("R1", "x", "2");
        h.finalGet("R2", "x", "2");
        assertValidEverywhere(h);
    }

    @Test
    void readingAbsentBeforeAnyWriteIsValid() {
        Hist h = new Hist();
        h.getAbsent("B", "x");
        h.put("A", "x", "1");
        h.getAbsent("B", "x");
        assertValidEverywhere(h);
    }

    @Test
    void readingAbsentAfterADeleteIsValid() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "y", "1");
        h.delete("A", "x");
        h.put("A", "z", "1");
        h.get("B", "z", "1");
        h.getAbsent("B", "x");
        h.finalGetAbsent("R1", "x");
        assertValidEverywhere(h);
    }

    @Test
    void readingAbsentThroughAConcurrentDeleteIsValid() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.get("B", "x", "1");
        h.delete("C", "x");
        h.getAbsent("B", "x");
        assertValidEverywhere(h);
    }

    @Test
    void anInfoDeleteMayBeTheSourceOfAnAbsentRead() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.get("B", "x", "1");
        h.deleteInfo("C", "x");
        h.getAbsent("B", "x");
        assertValidEverywhere(h);
    }

    @Test
    void anInfoPutThatSomeoneReadCounts() {
        Hist h = new Hist();
        h.putInfo("A", "x", "1");
        h.get("B", "x", "1");
        h.get("B", "x", "1");
        assertValidEverywhere(h);
    }

    @Test
    void anInfoPutThatNobodyReadMayNotHaveHappened() {
        Hist h = new Hist();
        h.putInfo("A", "x", "1");
        h.getAbsent("B", "x");
        h.finalGetAbsent("R1", "x");
        assertValidEverywhere(h);
    }

    @Test
    void aSessionThatGoesOnAfterAnInfoIsCheckedAsANewSession() {
        Hist h = new Hist();
        h.putInfo("A", "x", "1");
        h.getAbsent("A", "x");
        Report report = h.check();
        assertEquals(Verdict.VALID, report.verdict(), report::text);
        org.junit.jupiter.api.Assertions.assertTrue(report.text().contains("went on after an info"), report::text);
        Hist seen = new Hist();
        seen.putInfo("A", "x", "1");
        seen.get("B", "x", "1");
        seen.getAbsent("A", "x");
        assertEquals(Verdict.VALID, seen.check().verdict(), "the continuation is not session-ordered after the info put");
    }

    @Test
    void failedOperationsDidNotHappen() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.putFail("A", "x", "2");
        h.get("A", "x", "1");
        h.finalGet("R1", "x", "1");
        assertValidEverywhere(h);
    }

    @Test
    void concurrentWritesSeenInTheSameOrderByEverySessionAreValid() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("B", "x", "2");
        h.get("C", "x", "1");
        h.get("C", "x", "2");
        h.get("D", "x", "1");
        h.get("D", "x", "2");
        h.finalGet("R1", "x", "2");
        h.finalGet("R2", "x", "2");
        assertValidEverywhere(h);
    }

    @Test
    void aCheckWhoseTimeLimitRunsOutIsUnknownNotValid() {
        java.util.List<kvs.checker.history.HistoryEvent> events = new java.util.ArrayList<>();
        kvs.checker.tools.Generator.generate(kvs.checker.tools.Generator.Params.of(40_000, 8, 50, 3, 1), events::add);
        Report rushed = Checker.check(events, CheckOptions.defaults().withTimeLimit(java.time.Duration.ofNanos(1)));
        assertEquals(Verdict.UNKNOWN, rushed.verdict(), rushed::text);
        assertEquals(2, rushed.verdict().exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(rushed.text().contains("time limit ran out"), rushed::text);
        assertEquals(Verdict.VALID, Checker.check(events, CheckOptions.defaults()).verdict());
    }

    @Test
    void aLongPingPongChainNeedsNoDeepRecursion() {
        Hist h = new Hist();
        String last = null;
        for (int i = 0; i < 20_000; i++) {
            String s = i % 2 == 0 ? "A" : "B";
            if (last != null) h.get(s, "x", last);
            last = Integer.toString(i);
            h.put(s, "x", last);
        }
        assertValidEverywhere(h);
    }
}
