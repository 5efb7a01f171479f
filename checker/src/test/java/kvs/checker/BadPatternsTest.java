package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import kvs.checker.report.CheckReport;

/** One hand-written bad history per bad pattern and per session guarantee, with the expected witness. */
class BadPatternsTest {

    static Violation only(Report report, String check, String pattern) {
        List<Violation> matching = report.violations().stream().flatMap(v -> v.as(check).stream())
                .filter(v -> v.pattern().equals(pattern)).toList();
        assertEquals(1, matching.size(), () -> "expected one " + check + "/" + pattern + " in\n" + report.text());
        return matching.get(0);
    }

    static Verdict status(Report report, String check) {
        return ((CheckReport) report).checks().get(check);
    }

    @Test
    void readingAValueThatASessionOrderLaterWriteOverwroteIsWriteCOReadAndReadYourWrites() {
        Hist h = new Hist();
        int w0 = h.put("A", "x", "1");
        int w1 = h.put("A", "x", "2");
        int r = h.get("A", "x", "1");
        Report report = h.check();
        assertEquals(Verdict.INVALID, report.verdict());
        assertEquals(List.of(w0, w1, r), only(report, "cc", "WriteCORead").operations());
        Violation ryw = only(report, "read-your-writes", "WriteCORead");
        assertTrue(ryw.operations().containsAll(List.of(w0, w1, r)));
        assertTrue(ryw.explanation().contains("did not read its own write #1"), ryw.explanation());
        assertTrue(ryw.explanation().startsWith("Let #0 be the put x = 1 of session A"), ryw.explanation());
    }

    @Test
    void aSessionWhoseReadsGoBackwardsViolatesMonotonicReads() {
        Hist h = new Hist();
        int w0 = h.put("A", "x", "1");
        int w1 = h.put("A", "x", "2");
        int r1 = h.get("B", "x", "2");
        int r2 = h.get("B", "x", "1");
        Report report = h.check();
        assertEquals(Verdict.INVALID, report.verdict());
        Violation mr = only(report, "monotonic-reads", "WriteCORead");
        assertTrue(mr.operations().containsAll(List.of(w0, w1, r1, r2)), mr.operations()::toString);
        assertTrue(mr.explanation().contains("went backwards"), mr.explanation());
        assertEquals(List.of(w0, w1, r1, r2).size(), only(report, "cc", "WriteCORead").operations().size());
        assertEquals(Verdict.VALID, status(report, "read-your-writes"));
    }

    @Test
    void seeingASessionsSecondWriteButNotItsFirstViolatesMonotonicWrites() {
        Hist h = new Hist();
        int w0 = h.put("A", "x", "1");
        int w1 = h.put("A", "x", "2");
        int w2 = h.put("A", "y", "3");
        int r2 = h.get("B", "y", "3");
        int r = h.get("B", "x", "1");
        Report report = h.check();
        Violation mw = only(report, "monotonic-writes", "WriteCORead");
        assertEquals(List.of(w1, w2, r2, r, w0).stream().sorted().toList(), mw.operations().stream().sorted().toList());
        assertEquals(Verdict.VALID, status(report, "writes-follow-reads"));
        assertEquals(Verdict.VALID, status(report, "monotonic-reads"));
    }

    @Test
    void seeingAWriteButNotTheWriteItsSessionHadReadViolatesWritesFollowReads() {
        Hist h = new Hist();
        int w0 = h.put("A", "x", "1");
        int w1 = h.put("A", "x", "2");
        int r1 = h.get("C", "x", "2");
        int w2 = h.put("C", "y", "3");
        int r2 = h.get("B", "y", "3");
        int r = h.get("B", "x", "1");
        Report report = h.check();
        Violation wfr = only(report, "writes-follow-reads", "WriteCORead");
        assertEquals(List.of(w0, w1, r1, w2, r2, r), wfr.operations().stream().sorted().toList());
        assertEquals(Verdict.VALID, status(report, "monotonic-writes"));
    }

    @Test
    void readingTheInitialStateAfterACausallyPrecedingWriteIsWriteCOInitRead() {
        Hist h = new Hist();
        int w = h.put("A", "x", "1");
        h.put("A", "y", "2");
        int ry = h.get("B", "y", "2");
        int r = h.getAbsent("B", "x");
        Report report = h.check();
        Violation v = only(report, "cc", "WriteCOInitRead");
        assertTrue(v.operations().containsAll(List.of(w, ry, r)), v.operations()::toString);
        assertTrue(v.explanation().contains("absent, as in its initial state"), v.explanation());
        assertEquals(Verdict.INVALID, status(report, "monotonic-writes"));
    }

    @Test
    void readingAbsentAfterOwnPutIsReadYourWrites() {
        Hist h = new Hist();
        int w = h.put("A", "x", "1");
        int r = h.getAbsent("A", "x");
        Report report = h.check();
        assertEquals(List.of(w, r), only(report, "read-your-writes", "WriteCOInitRead").operations());
    }

    @Test
    void aDeleteThatTheAbsentReadCausallyPrecedesCannotExplainIt() {
        Hist h = new Hist();
        int w = h.put("A", "x", "1");
        h.get("B", "x", "1");
        int r = h.getAbsent("B", "x");
        h.delete("B", "x");
        Report report = h.check();
        assertEquals(Verdict.INVALID, report.verdict());
        assertTrue(only(report, "cc", "WriteCOInitRead").operations().containsAll(List.of(w, r)));
        only(report, "monotonic-reads", "WriteCOInitRead");
    }

    @Test
    void aValueNobodyWroteIsAThinAirRead() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        int r = h.get("B", "x", "99");
        Report report = h.check();
        assertEquals(Verdict.INVALID, report.verdict());
        assertEquals(List.of(r), only(report, "thin-air", "ThinAirRead").operations());
    }

    @Test
    void theValueOfAFailedPutIsAThinAirRead() {
        Hist h = new Hist();
        int failed = h.putFail("A", "x", "1");
        int r = h.get("B", "x", "1");
        Violation v = only(h.check(), "thin-air", "ThinAirRead");
        assertEquals(List.of(r, failed), v.operations());
        assertTrue(v.explanation().contains("failed"), v.explanation());
    }

    @Test
    void readsThatDependOnEachOtherInACircleAreCyclicCOAndMakeCcvAndCmInvalid() {
        Hist h = new Hist();
        int ra = h.get("A", "x", "2");
        int wa = h.put("A", "y", "1");
        int rb = h.get("B", "y", "1");
        int wb = h.put("B", "x", "2");
        Report report = h.check();
        Violation v = only(report, "cc", "CyclicCO");
        assertEquals(List.of(ra, wa, rb, wb), v.operations().stream().sorted().toList());
        assertTrue(v.explanation().contains("read from"), v.explanation());
        assertEquals(Verdict.INVALID, status(report, "ccv"));
        assertEquals(Verdict.INVALID, status(report, "cm"));
        Violation ccv = only(report, "ccv", "CyclicCO");
        assertEquals(v.operations(), ccv.operations());
        assertTrue(ccv.explanation().contains("causal convergence fails too"), ccv.explanation());
        assertEquals(Verdict.UNKNOWN, status(report, "convergence"));
    }

    @Test
    void twoSessionsSeeingConcurrentWritesInOppositeOrdersIsValidUnderCcAndInvalidUnderCcv() {
        Hist h = new Hist();
        int w1 = h.put("A", "x", "1");
        int w2 = h.put("B", "x", "2");
        h.get("C", "x", "1");
        h.get("C", "x", "2");
        h.get("D", "x", "2");
        h.get("D", "x", "1");
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        assertEquals(Verdict.VALID, h.check(Model.CM).verdict());
        Report ccv = h.check(Model.CCV);
        assertEquals(Verdict.INVALID, ccv.verdict());
        Violation v = only(ccv, "ccv", "CyclicCF");
        assertTrue(v.operations().containsAll(List.of(w1, w2)));
        assertTrue(v.explanation().contains("conflict"), v.explanation());
    }

    @Test
    void oneSessionSeeingConcurrentWritesInBothOrdersIsCyclicHB() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("B", "x", "2");
        h.get("C", "x", "1");
        h.get("C", "x", "2");
        h.get("C", "x", "1");
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        Report cm = h.check(Model.CM);
        assertEquals(Verdict.INVALID, cm.verdict());
        only(cm, "cm", "CyclicHB");
    }

    @Test
    void aSessionThatOrdersAWriteBeforeItsAbsentReadIsWriteHBInitRead() {
        Hist h = new Hist();
        int wx = h.put("A", "x", "1");
        int a = h.put("A", "y", "1");
        h.put("A", "z", "1");
        int b = h.put("B", "y", "2");
        h.get("S", "y", "2");
        int r = h.getAbsent("S", "x");
        h.get("S", "z", "1");
        h.get("S", "y", "2");
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        assertEquals(Verdict.VALID, h.check(Model.CCV).verdict());
        Report cm = h.check(Model.CM);
        assertEquals(Verdict.INVALID, cm.verdict());
        Violation v = only(cm, "cm", "WriteHBInitRead");
        assertTrue(v.operations().containsAll(List.of(wx, a, b, r)), v.operations()::toString);
    }

    @Test
    void anAbsentReadWhoseDeletesAreAllOverwrittenOrLaterInHbIsWriteHBInitRead() {
        // As above, with deletes of x: d1 precedes x=1 in A, so in S's happens-before d1 → x=1 → r (d1 was
        // overwritten before r), and d2 follows r in S. The causal past of r holds no write of x, so cc is valid.
        Hist h = new Hist();
        int d1 = h.delete("A", "x");
        int wx = h.put("A", "x", "1");
        int a = h.put("A", "y", "1");
        h.put("A", "z", "1");
        int b = h.put("B", "y", "2");
        h.get("S", "y", "2");
        int r = h.getAbsent("S", "x");
        h.get("S", "z", "1");
        h.get("S", "y", "2");
        int d2 = h.delete("S", "x");
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        assertEquals(Verdict.VALID, h.check(Model.CCV).verdict());
        Report cm = h.check(Model.CM);
        assertEquals(Verdict.INVALID, cm.verdict());
        Violation v = only(cm, "cm", "WriteHBInitRead");
        assertTrue(v.operations().containsAll(List.of(d1, wx, a, b, r, d2)), v.operations()::toString);
        assertTrue(v.explanation().contains("#" + d1 + " was overwritten by #" + wx), v.explanation());
        assertTrue(v.explanation().contains("#" + d2 + " happens after #" + r), v.explanation());
        assertTrue(v.explanation().contains("conflict: both write key y"), v.explanation());
    }

    @Test
    void anAbsentReadExplainedByADeleteNotOverwrittenInHbIsValid() {
        // The same order puts x=1 before r in S's happens-before, but B's delete of x also precedes r and
        // nothing in that order overwrites it: r may have read the delete.
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "y", "1");
        h.put("A", "z", "1");
        h.delete("B", "x");
        h.put("B", "y", "2");
        h.get("S", "y", "2");
        h.getAbsent("S", "x");
        h.get("S", "z", "1");
        h.get("S", "y", "2");
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        assertEquals(Verdict.VALID, h.check(Model.CM).verdict(), () -> h.check(Model.CM).text());
    }

    @Test
    void aConflictDerivedFromAnotherDerivedOrderIsCyclicHB() {
        // S's last read orders a (y=1) before b (y=2), so in S's happens-before z=2 → a → b → S's read of z=1:
        // z=2 overwrote z=1 before S read it, yet z=1 precedes z=2 in session order. Only the recursive rule
        // (w1 hb r1, not w1 co r1) finds it; co alone leaves the history valid under cc and ccv.
        Hist h = new Hist();
        int z1 = h.put("B", "z", "1");
        int z2 = h.put("B", "z", "2");
        int a = h.put("B", "y", "1");
        h.put("B", "q", "1");
        int b = h.put("A", "y", "2");
        h.get("S", "y", "2");
        int r1 = h.get("S", "z", "1");
        h.get("S", "q", "1");
        int r2 = h.get("S", "y", "2");
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        assertEquals(Verdict.VALID, h.check(Model.CCV).verdict());
        Report cm = h.check(Model.CM);
        assertEquals(Verdict.INVALID, cm.verdict());
        Violation v = only(cm, "cm", "CyclicHB");
        assertTrue(v.operations().containsAll(List.of(z1, z2, r1)), v.operations()::toString);
        assertTrue(v.explanation().contains("happened before"), v.explanation());
        assertTrue(v.explanation().contains("#" + r1), v.explanation());
        assertTrue(List.of(a, b, r2).stream().allMatch(o -> o >= 0));
    }

    @Test
    void aWriteBeforeAnAbsentReadThroughADerivedConflictIsWriteHBInitRead() {
        // S's last read orders a (y=1) before b (y=2); b precedes S's read of z=1, so z=2 → z=1 is derived,
        // and x=1 → z=2 → z=1 → p=1 puts x=1 before S's earlier absent read of x, in S's happens-before.
        Hist h = new Hist();
        int wx = h.put("D", "x", "1");
        int w1 = h.put("D", "z", "2");
        h.put("D", "y", "1");
        h.put("D", "q", "1");
        int w2 = h.put("C", "z", "1");
        h.put("C", "p", "1");
        h.put("A", "y", "2");
        h.get("S", "p", "1");
        int r = h.getAbsent("S", "x");
        h.get("S", "y", "2");
        h.get("S", "z", "1");
        h.get("S", "q", "1");
        h.get("S", "y", "2");
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        assertEquals(Verdict.VALID, h.check(Model.CCV).verdict());
        Report cm = h.check(Model.CM);
        assertEquals(Verdict.INVALID, cm.verdict());
        Violation v = only(cm, "cm", "WriteHBInitRead");
        assertTrue(v.operations().containsAll(List.of(wx, w1, w2, r)), v.operations()::toString);
        assertTrue(v.explanation().contains("derived conflict"), v.explanation());
    }

    @Test
    void finalReadsThatDisagreeViolateConvergence() {
        Hist h = new Hist();
        int w1 = h.put("A", "x", "1");
        int w2 = h.put("B", "x", "2");
        int f1 = h.finalGet("R1", "x", "1");
        int f2 = h.finalGet("R2", "x", "2");
        Report report = h.check();
        assertEquals(Verdict.INVALID, report.verdict());
        assertEquals(List.of(f1, f2), only(report, "convergence", "FinalReadsDisagree").operations());
        assertEquals(Verdict.VALID, h.check(Model.CC).verdict());
        assertFalse(List.of(w1, w2).isEmpty());
    }

    @Test
    void aFinalValueThatAnAcknowledgedWriteOverwroteIsALostWrite() {
        Hist h = new Hist();
        int w1 = h.put("A", "x", "1");
        int w2 = h.put("A", "x", "2");
        int f1 = h.finalGet("R1", "x", "1");
        h.finalGet("R2", "x", "1");
        Violation v = only(h.check(), "convergence", "FinalValueOverwritten");
        assertEquals(List.of(w1, f1, w2), v.operations());
        assertTrue(v.explanation().contains("was lost"), v.explanation());
    }

    @Test
    void duplicateWrittenValuesMakeTheVerdictUnknown() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("B", "x", "1");
        h.get("C", "x", "1");
        Report report = h.check();
        assertEquals(Verdict.UNKNOWN, report.verdict());
        assertEquals(2, report.verdict().exitCode());
        assertTrue(only(report, "duplicate-values", "DuplicateValue").explanation().contains("does not guess"));
    }

    @Test
    void manyReadsWithOneRootCauseAreGroupedIntoOneViolation() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        for (int i = 0; i < 50; i++) h.get("A", "x", "1");
        Report report = h.check();
        Violation v = only(report, "cc", "WriteCORead");
        assertTrue(v.explanation().contains("50 violations share this root cause"), v.explanation());
    }
}
