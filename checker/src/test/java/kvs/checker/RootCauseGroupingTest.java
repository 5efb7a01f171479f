package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import kvs.checker.causal.Finding;
import kvs.checker.report.CheckReport;
import kvs.checker.report.RootCauses;

/** Violations are grouped by root cause once, each listing every check it breaks, with counts that agree. */
class RootCauseGroupingTest {

    @Test
    void aStaleReadThatAlsoBreaksASessionGuaranteeIsToldOnceWithBothChecks() throws Exception {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.put("A", "y", "3");
        h.get("B", "y", "3");
        h.get("B", "x", "1");
        CheckReport report = (CheckReport) h.check();
        assertEquals(1, report.violations().size(), report.text());
        Violation v = report.violations().get(0);
        assertEquals(List.of("cc", "monotonic-writes"), v.checks());
        assertEquals("cc", v.check());
        String text = report.text();
        assertTrue(text.contains("[1] cc, monotonic-writes: WriteCORead"), text);
        assertTrue(!text.contains("[2]"), text);
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertEquals(1, json.get("violations").size());
        assertEquals("monotonic-writes", json.get("violations").get(0).get("also").get(0).get("check").asText());
        assertEquals(1, json.get("checks").get("monotonic-writes").get("rootCauses").asInt());
        assertEquals(1, json.get("checks").get("cc").get("rootCauses").asInt());
    }

    @Test
    void countsPerCheckAgreeWithTheListedRootCauses() throws Exception {
        Hist h = new Hist();
        // Three stale reads of one overwritten write (one root cause), then a second root cause on key z.
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.put("A", "y", "3");
        h.get("B", "y", "3");
        for (int i = 0; i < 3; i++) h.get("B", "x", "1");
        h.put("C", "z", "5");
        h.put("C", "z", "6");
        h.get("C", "z", "5");
        CheckReport report = (CheckReport) h.check();
        JsonNode json = new ObjectMapper().readTree(report.json());
        for (String check : List.of("cc", "read-your-writes", "monotonic-writes")) {
            int listed = 0, counted = 0;
            for (Violation v : report.violations()) {
                for (Violation.Broken b : v.broken()) {
                    if (b.check().equals(check)) {
                        listed++;
                        counted += b.count();
                    }
                }
            }
            assertEquals(listed, json.get("checks").get(check).get("rootCauses").asInt(), check);
            assertEquals(counted, json.get("checks").get(check).get("violations").asInt(), check);
        }
        assertEquals(2, report.violations().size(), report.text());
        assertEquals(4, json.get("checks").get("cc").get("violations").asInt());
    }

    @Test
    void everyFailingCheckGetsExamplesWhenGroupsAreManyMoreThanExplained() {
        List<Finding> findings = new ArrayList<>();
        for (int r = 0; r < 300; r++) findings.add(new Finding("cc", "WriteCORead", r + ">" + (r + 1000), new int[] {r, 0, 1}));
        for (int r = 0; r < 40; r++) findings.add(new Finding("monotonic-reads", "WriteCORead", "m" + r, new int[] {r, 0, 2, 1}));
        findings.add(new Finding("ccv", "CyclicCF", "cycle", new int[] {5, 2, 6}));
        for (int k = 0; k < 3; k++) findings.add(new Finding("convergence", "FinalReadsDisagree", "key:" + k, new int[] {900 + k, 950}));
        List<RootCauses.Group> groups = RootCauses.group(findings);
        assertEquals(300 + 1 + 3, groups.size(), "monotonic-reads joins the cc group of its read");
        List<RootCauses.Group> chosen = RootCauses.choose(groups, 100);
        assertEquals(100, chosen.size());
        Map<String, Long> perCheck = new java.util.TreeMap<>();
        for (RootCauses.Group g : chosen) for (String c : g.checks()) perCheck.merge(c, 1L, Long::sum);
        assertEquals(1L, perCheck.get("ccv"));
        assertEquals(3L, perCheck.get("convergence"));
        assertTrue(perCheck.get("monotonic-reads") >= 40, perCheck::toString);
        assertEquals("cc", chosen.get(0).check(), "chosen groups keep the report's order");
        assertEquals("convergence", chosen.get(chosen.size() - 1).check());
    }

    @Test
    void theSimulatorsFindingsStillNameEveryBrokenCheck() {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.put("A", "x", "2");
        h.get("A", "x", "1");
        Report report = h.check();
        assertEquals(List.of("cc", "read-your-writes"), report.violations().get(0).checks());
        assertTrue(report.violations().get(0).as("read-your-writes").orElseThrow().explanation().contains("did not read its own write"));
    }
}
