package kvs.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import kvs.checker.CheckOptions;
import kvs.checker.Checker;
import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;

/** The page: self-contained, the diagrams' edges drawn apart, the caller's extras, fault bands. */
class ReportPageTest {

    private static CheckReport oneSessionStaleRead(TimelineDataTest.Ops b) {
        b.op("A", Op.PUT, "x", "1", Type.OK, 0, 10, 200);
        b.op("A", Op.PUT, "x", "2", Type.OK, 20, 30, 200);
        b.op("A", Op.GET, "x", "1", Type.OK, 40, 50, 200);
        return Checker.check(b.h, CheckOptions.defaults(), "one-session");
    }

    /** The paths of a diagram: stroke colour, start y and control point y. */
    private record Path(String colour, double y1, double cy) {}

    private static List<Path> paths(String svg) {
        Matcher m = Pattern.compile("<path d=\"M([\\d.]+),([\\d.]+) Q([\\d.]+),([\\d.]+) [\\d.]+,[\\d.]+\" fill=\"none\" stroke=\"(#\\w+)\"")
                .matcher(svg);
        List<Path> out = new ArrayList<>();
        while (m.find()) out.add(new Path(m.group(5), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(4))));
        return out;
    }

    @Test
    void inAOneSessionViolationTheReadFromEdgeArcsBelowTheLaneAndSessionOrderAbove() {
        CheckReport report = oneSessionStaleRead(new TimelineDataTest.Ops());
        var v = report.violations().get(0);
        String svg = ViolationDiagram.svg(report.outcome().history(), v.operations(), report.outcome().edges(report.shownGroups().get(0).first()), "t");
        double lane = ViolationDiagram.laneY(0);
        List<Path> paths = paths(svg);
        assertEquals(3, paths.size(), svg);
        String po = ViolationDiagram.relation(0).colour(), rf = ViolationDiagram.relation(1).colour();
        int above = 0, below = 0;
        for (Path p : paths) {
            if (p.colour().equals(po)) {
                assertTrue(p.cy() < lane && p.y1() < lane, "session order arcs above: " + p);
                above++;
            } else if (p.colour().equals(rf)) {
                assertTrue(p.cy() > lane && p.y1() > lane, "read-from arcs below: " + p);
                below++;
            }
        }
        assertEquals(2, above);
        assertEquals(1, below);
        assertEquals(2, svg.split(">session order<", -1).length - 1);
        assertEquals(1, svg.split(">read from<", -1).length - 1);
        for (int op = 0; op < 3; op++) assertTrue(svg.contains("data-op=\"" + op + "\""), svg);
    }

    @Test
    void independentSessionsShareColumnsSoTheDiagramIsAsWideAsTheLongestChain() {
        TimelineDataTest.Ops b = new TimelineDataTest.Ops();
        int a = b.op("A", Op.PUT, "x", "1", Type.OK, 0, 10, 200);
        int c = b.op("C", Op.PUT, "z", "1", Type.OK, 5, 15, 200);
        int a2 = b.op("A", Op.PUT, "y", "2", Type.OK, 20, 30, 200);
        int r = b.op("B", Op.GET, "y", "2", Type.OK, 40, 50, 200);
        var h = b.h;
        var columns = ViolationDiagram.columns(h, List.of(a, c, a2, r),
                List.of(new kvs.checker.causal.Explainer.Edge(a2, r, 1, -1)));
        assertEquals(0, columns.get(a));
        assertEquals(0, columns.get(c), "C does not depend on A: same column");
        assertEquals(1, columns.get(a2));
        assertEquals(2, columns.get(r), "after the write it read from");
    }

    @Test
    void thePageIsSelfContainedAndCarriesTheCallersExtras() {
        TimelineDataTest.Ops b = new TimelineDataTest.Ops();
        b.h.addFault(FaultEvent.start(7, "partition", List.of("10.10.0.2:8090"), "isolate 1 | 2,3", 15));
        b.h.addFault(FaultEvent.start(7, "partition", List.of("10.10.0.2:8090"), "isolate 1 | 2,3", 15).end(35));
        CheckReport report = oneSessionStaleRead(b);
        ReportExtras extras = new ReportExtras("kvs-test: seed-app <run>", List.of(new ReportExtras.InfoRow("seed", "42")),
                List.of(new ReportExtras.ConformanceRow("kvs", "PUT creates", true, "PUT /kvs/x", "201", "201"),
                        new ReportExtras.ConformanceRow("view", "GET /view", false, "GET /view", "404 text/html", "200 with the view")),
                List.of(new ReportExtras.Section("notes", "Notes of the run", "<p>converged after 1.2 s</p>")));
        String page = report.html(extras);
        assertTrue(page.contains("<title>kvs-test: seed-app &lt;run&gt;</title>"), "the title, escaped");
        assertTrue(!page.contains("<script src") && !page.contains("<link") && !page.contains("src=\"http"), "nothing loaded from elsewhere");
        assertEquals(3, page.split("<script", -1).length - 1, "data, uPlot, the page's own script");
        String data = page.substring(page.indexOf("id=\"kvs-data\">"), page.indexOf("</script>", page.indexOf("id=\"kvs-data\">")));
        assertTrue(!data.contains("</"), "the data cannot close its script element");
        assertTrue(data.contains("\"faults\":[{\"label\":\"partition 10.10.0.2:8090\",\"detail\":\"isolate 1 | 2,3\",\"from\":15,\"to\":35}]"),
                data.substring(data.indexOf("\"faults\"")));
        assertTrue(page.indexOf("<td>FAIL</td>") < page.indexOf("<td>PASS</td>"), "conformance failures first");
        assertTrue(page.contains("1 of 2 checks pass") && page.contains("id=\"conf-failures\""));
        assertTrue(page.contains("<th>seed</th><td>42</td>"));
        assertTrue(page.contains("<h2>Notes of the run</h2>\n<p>converged after 1.2 s</p>"));
        assertTrue(page.contains("1 fault of the nemesis"));
        assertTrue(report.text().contains("nemesis: 1 fault (partition 1) (verdicts ignore them)"), report.text());
        assertTrue(report.json().contains("\"faults\" : 1"), report.json());
    }

    @Test
    void aFurtherBrokenCheckSaysOnlyWhatTheFirstExplanationDidNot() {
        String first = "Let #0 be the put x = 1 of session A, #3 be the get x → 1 of session B. Then #0 → #1. But #3 read 1.";
        assertEquals("As above: session B did not read its own write #1.",
                CheckReport.alsoText(first, first.substring(0, first.length() - 1) + ": session B did not read its own write #1."));
        assertEquals("Let #2 be the get x → 2 of session B. Session B first read 2 with #2.",
                CheckReport.alsoText(first, "Let #0 be the put x = 1 of session A, #2 be the get x → 2 of session B, #3 be the get x → 1 "
                        + "of session B. Session B first read 2 with #2."));
        assertEquals("Session B went backwards. (2 violations share this root cause; the first is shown.)",
                CheckReport.alsoText(first, "Let #3 be the get x → 1 of session B. Session B went backwards."
                        + " (2 violations share this root cause; the first is shown.)"));
    }
}
