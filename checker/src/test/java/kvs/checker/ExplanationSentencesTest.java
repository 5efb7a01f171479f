package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * One test per kind of explanation: the sentence is checked against the hand-written history it
 * explains (which operation, which value, which session, which relation), not just for a keyword.
 */
class ExplanationSentencesTest {

    private static String explain(Report report, String check, String pattern) {
        return BadPatternsTest.only(report, check, pattern).explanation();
    }

    private static void has(String text, String... fragments) {
        for (String f : fragments) assertTrue(text.contains(f), () -> "missing \"" + f + "\" in:\n" + text);
    }

    @Test
    void duplicateValueNamesBothWritesAndTheValue() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("B", "x", "1");
        h.get("C", "x", "1");
        has(explain(h.check(), "duplicate-values", "DuplicateValue"), "Operations #0 and #1 both write the value 1.");
    }

    @Test
    void thinAirReadOfAValueNobodyWrote() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.get("B", "x", "99");
        has(explain(h.check(), "thin-air", "ThinAirRead"), "#1 returned 99, a value that no operation of the history wrote");
    }

    @Test
    void thinAirReadOfAFailedPutNamesThatPut() {
        Hist h = new Hist();
        h.putFail("A", "x", "1");
        h.get("B", "x", "1");
        has(explain(h.check(), "thin-air", "ThinAirRead"), "#1 returned 1, but the only write of that value, #0, failed");
    }

    @Test
    void thinAirReadOfAnotherKeysValueNamesBothKeys() {
        Hist h = new Hist();
        h.put("A", "y", "7");
        h.get("B", "x", "7");
        has(explain(h.check(), "thin-air", "ThinAirRead"), "written by #0 to key y, not to x");
    }

    @Test
    void cyclicCausalOrderTellsEachEdgeOfTheCycle() {
        Hist h = new Hist();
        h.get("A", "x", "2");
        h.put("A", "y", "1");
        h.get("B", "y", "1");
        h.put("B", "x", "2");
        has(explain(h.check(), "cc", "CyclicCO"), "Then #0 → #1 (session order in A) → #2 (read from: #2 returned the value #1 wrote)"
                + " → #3 (session order in B) → #0 (read from: #0 returned the value #3 wrote).", "closes a cycle in causal order");
    }

    @Test
    void cyclicConflictOrderNamesTheConflictingWritesOfTheKey() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("B", "x", "2");
        h.get("C", "x", "1");
        h.get("C", "x", "2");
        h.get("D", "x", "2");
        h.get("D", "x", "1");
        String text = explain(h.check(Model.CCV), "ccv", "CyclicCF");
        has(text, "conflict: both write key x", "cannot converge");
    }

    @Test
    void cyclicHappensBeforeNamesTheSessionThatCannotOrderWhatItSaw() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("B", "x", "2");
        h.get("C", "x", "1");
        h.get("C", "x", "2");
        h.get("C", "x", "1");
        has(explain(h.check(Model.CM), "cm", "CyclicHB"), "happens-before order of session C");
    }

    @Test
    void writeHbInitReadNamesTheWriteTheAbsentReadMissed() {
        Hist h = new Hist();
        int wx = h.put("A", "x", "1");
        h.put("A", "y", "1");
        h.put("A", "z", "1");
        h.put("B", "y", "2");
        h.get("S", "y", "2");
        int r = h.getAbsent("S", "x");
        h.get("S", "z", "1");
        h.get("S", "y", "2");
        has(explain(h.check(Model.CM), "cm", "WriteHBInitRead"), "so #" + wx + " happens before #" + r + " in the order session S observed",
                "#" + r + " read key x as absent");
    }

    @Test
    void writeCoReadNamesTheStaleValueItsWriteAndTheOverwriter() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.put("A", "y", "3");
        h.get("B", "y", "3");
        h.get("B", "x", "1");
        Report report = h.check();
        String text = explain(report, "cc", "WriteCORead");
        has(text, "Let #0 be the put x = 1 of session A", "#4 be the get x → 1 of session B",
                "#1 → #2 (session order in A) → #3 (read from: #3 returned the value #2 wrote) → #4 (session order in B)",
                "But #4 read 1, the value of #0, which #1 had overwritten.");
    }

    @Test
    void readYourWritesNamesTheOwnWriteNotRead() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.get("A", "x", "1");
        has(explain(h.check(), "read-your-writes", "WriteCORead"), "session A did not read its own write #1");
    }

    @Test
    void monotonicReadsNamesBothReadsInTheirOrder() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.get("B", "x", "2");
        h.get("B", "x", "1");
        has(explain(h.check(), "monotonic-reads", "WriteCORead"),
                "Session B first read 2 with #2 (read from #1), then read the older 1 with #3", "#0 → #1 (session order in A)");
    }

    @Test
    void monotonicWritesNamesTheWritesSeenOutOfOrder() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.put("A", "y", "3");
        h.get("B", "y", "3");
        h.get("B", "x", "1");
        has(explain(h.check(), "monotonic-writes", "WriteCORead"), "Session A wrote #1 and then #2 (session order).",
                "Session B saw #2 with #3 but then read, with #4, the value of #0, which #1 had overwritten");
    }

    @Test
    void writesFollowReadsNamesTheReadTheWriteFollowed() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.get("C", "x", "2");
        h.put("C", "y", "3");
        h.get("B", "y", "3");
        h.get("B", "x", "1");
        has(explain(h.check(), "writes-follow-reads", "WriteCORead"), "Session C read #1 with #2 and then wrote #3.",
                "Session B saw #3 with #4 but then read, with #5, the value of #0, which #1 had overwritten");
    }

    @Test
    void anAbsentReadAfterACausallyPrecedingWriteNamesThatWrite() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "y", "2");
        h.get("B", "y", "2");
        h.getAbsent("B", "x");
        Report report = h.check();
        has(explain(report, "cc", "WriteCOInitRead"), "so #0 causally precedes #3",
                "But #3 found key x absent, as in its initial state, which #0 had overwritten.");
        has(explain(report, "monotonic-writes", "WriteCOInitRead"), "Session A wrote #0 and then #1.",
                "Session B saw #1 with #2, then found key x absent with #3");
    }

    @Test
    void readYourWritesOfAnAbsentReadNamesTheOwnPut() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.getAbsent("A", "x");
        has(explain(h.check(), "read-your-writes", "WriteCOInitRead"), "Session A wrote #0 and then (#0 → #1 (session order in A))",
                "found key x absent with #1");
    }

    @Test
    void monotonicReadsOfAnAbsentReadNamesTheEarlierRead() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.get("B", "x", "1");
        h.getAbsent("B", "x");
        has(explain(h.check(), "monotonic-reads", "WriteCOInitRead"), "Session B read 1 with #1, then found key x absent with #2");
    }

    @Test
    void finalReadsThatDisagreeNameEachReplicaAndWhatItRead() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("B", "x", "2");
        h.finalGet("R1", "x", "1");
        h.finalGet("R2", "x", "2");
        has(explain(h.check(), "convergence", "FinalReadsDisagree"), "#2 at r-R1 read 1; #3 at r-R2 read 2");
    }

    @Test
    void aFinalValueOverwrittenNamesTheOverwritingWriteAsLost() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.finalGet("R1", "x", "1");
        has(explain(h.check(), "convergence", "FinalValueOverwritten"), "The final read #2 returned the value of #0",
                "so #1 (acknowledged) causally overwrote it: the acknowledged write #1 was lost.");
    }

    @Test
    void aFinalAbsentReadNamesTheLastWriteAsLostNotTheFirst() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.get("B", "x", "2");
        h.put("B", "x", "3");
        h.finalGetAbsent("R1", "x");
        String text = explain(h.check(), "convergence", "FinalValueOverwritten");
        // #3 is the one acknowledged put that no acknowledged write of x follows (#0 → #1 → #2 → #3).
        has(text, "the acknowledged put #3 wrote it and no acknowledged write of the key causally follows it",
                "the acknowledged write #3 was lost.");
        assertTrue(!text.contains("#0 be") && !text.contains("put #0"), text);
    }

    @Test
    void aFinalAbsentReadAfterDeletesNamesEachDeleteAndItsOverwriter() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.delete("A", "x");
        h.put("A", "x", "2");
        h.finalGetAbsent("R1", "x");
        String text = explain(h.check(), "convergence", "FinalValueOverwritten");
        has(text, "the acknowledged put #2 wrote it", "every delete of the key was causally overwritten by an acknowledged write (#1 by #2)");
        assertEquals(1, h.check().violations().stream().filter(v -> v.checks().contains("convergence")).count());
    }

    @Test
    void aValidHistoryExplainsNothingAndSaysSo() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.get("B", "x", "1");
        Report report = h.check();
        assertEquals(List.of(), report.violations());
        assertTrue(!report.text().contains("Violations") && report.html().contains("None: every check that ran found nothing."),
                report.text());
        assertTrue(!report.html().contains("those of the violations below"));
    }
}
