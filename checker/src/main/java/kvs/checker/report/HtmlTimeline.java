package kvs.checker.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import kvs.checker.causal.Explainer;
import kvs.checker.causal.History;
import kvs.checker.causal.Outcome;

/**
 * A single self-contained HTML page: the verdict, each violation group with its prose, and an SVG
 * timeline with one lane per session, operations as boxes coloured by outcome, the operations and
 * edges of the selected violation highlighted, details on hover. Large histories are cut down to
 * the operations near the violations shown, so the page stays small.
 */
final class HtmlTimeline {
    private static final int OPS_SHOWN_MAX = 4000;
    private static final int CONTEXT_OPS = 12;
    private static final int LANE_HEIGHT_PX = 34, LABELS_PX = 150, LEFT_PX = 10, WIDTH_PX = 1250;

    private final CheckReport report;
    private final ReportExtras extras;
    private final Outcome outcome;
    private final History h;

    HtmlTimeline(CheckReport report, ReportExtras extras) {
        this.report = report;
        this.extras = extras;
        this.outcome = report.outcome();
        this.h = outcome.history();
    }

    /** The run's facts, the conformance table (failures first) and the caller's sections. */
    private void appendExtras(StringBuilder b) {
        if (!extras.runInfo().isEmpty()) {
            b.append("<table class=\"runinfo\">");
            for (ReportExtras.InfoRow r : extras.runInfo()) {
                b.append("<tr><td>").append(esc(r.name())).append("</td><td>").append(esc(r.value())).append("</td></tr>");
            }
            b.append("</table>\n");
        }
        if (!extras.conformance().isEmpty()) {
            long failed = extras.conformance().stream().filter(r -> !r.pass()).count();
            b.append("<h2>Conformance</h2><p>").append(extras.conformance().size() - failed).append(" of ")
                    .append(extras.conformance().size()).append(" checks pass.</p>\n<table class=\"conformance\">")
                    .append("<tr><th></th><th>group</th><th>check</th><th>request</th><th>answer</th><th>expected</th></tr>");
            List<ReportExtras.ConformanceRow> rows = new ArrayList<>(extras.conformance());
            rows.sort(java.util.Comparator.comparing(ReportExtras.ConformanceRow::pass));
            for (ReportExtras.ConformanceRow r : rows) {
                b.append("<tr><td class=\"").append(r.pass() ? "verdict-VALID\">PASS" : "verdict-INVALID\">FAIL")
                        .append("</td><td>").append(esc(r.group())).append("</td><td>").append(esc(r.check()))
                        .append("</td><td><code>").append(esc(r.request())).append("</code></td><td><code>")
                        .append(esc(r.answer())).append("</code></td><td>").append(esc(r.expected())).append("</td></tr>");
            }
            b.append("</table>\n");
        }
        for (ReportExtras.Section s : extras.sections()) {
            b.append("<section id=\"").append(esc(s.id())).append("\"><h2>").append(esc(s.title())).append("</h2>\n")
                    .append(s.html()).append("</section>\n");
        }
    }

    String render() {
        TreeSet<Integer> shown = chooseOperations();
        List<Integer> sessions = new ArrayList<>(new TreeSet<>(shown.stream().map(h::sessionOf).toList()));
        Map<Integer, Integer> lane = new LinkedHashMap<>();
        for (int i = 0; i < sessions.size(); i++) lane.put(sessions.get(i), i);
        // Time axis: ranks of distinct instants, so bursts and idle stretches both stay readable.
        TreeSet<Long> instants = new TreeSet<>();
        for (int o : shown) {
            instants.add(h.invokeNanos(o));
            instants.add(h.completeNanos(o));
        }
        Map<Long, Integer> rank = new LinkedHashMap<>();
        int r = 0;
        for (long t : instants) rank.put(t, r++);
        double step = Math.max(4.0, Math.min(40.0, (double) (WIDTH_PX - LEFT_PX - 40) / Math.max(1, r)));
        int width = (int) (LEFT_PX + 40 + step * r);
        int height = 40 + LANE_HEIGHT_PX * sessions.size();

        StringBuilder b = new StringBuilder(1 << 16);
        String title = extras.title().isEmpty() ? "kvs-check: " + report.source() : extras.title();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:16px;color:#222}")
                .append(".verdict-VALID{color:#1a7f37}.verdict-INVALID{color:#cf222e}.verdict-UNKNOWN{color:#9a6700}")
                .append("table{border-collapse:collapse}td{padding:2px 10px;border-bottom:1px solid #eee}")
                .append(".v{border:1px solid #ddd;border-radius:6px;padding:8px;margin:6px 0;cursor:pointer}")
                .append(".v.sel{border-color:#cf222e;background:#fff5f5}")
                .append("#tlwrap{display:flex;overflow-y:auto;border:1px solid #ddd;max-height:60vh}")
                .append("#tl{overflow-x:auto;flex:1}")
                .append("rect.op{stroke:#555;stroke-width:0.5}rect.ok{fill:#8fd19e}rect.fail{fill:#f19999}")
                .append("rect.info{fill:#f5c26b}rect.pending{fill:#ccc}")
                .append("rect.hl{stroke:#cf222e;stroke-width:3}")
                .append("line.edge{stroke:#cf222e;stroke-width:1.5;marker-end:url(#arrow);display:none}")
                .append("line.edge.on{display:inline}text.lane{font-size:12px}text.elabel{font-size:10px;fill:#cf222e;display:none}")
                .append("text.elabel.on{display:inline}")
                .append("\n</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n");
        appendExtras(b);
        b.append("<p>").append(h.size()).append(" operations, ").append(h.sessionCount()).append(" sessions, ")
                .append(h.keyCount()).append(" keys. Verdict under model <b>").append(report.model().wire())
                .append("</b>: <b class=\"verdict-").append(report.verdict()).append("\">").append(report.verdict())
                .append("</b></p>\n<table>");
        outcome.status().forEach((check, v) -> b.append("<tr><td>").append(check).append("</td><td class=\"verdict-")
                .append(v).append("\">").append(v).append("</td><td>").append(outcome.findingCount(check) > 0
                        ? CheckReport.plural(outcome.findingCount(check), "violation") : "").append("</td></tr>"));
        b.append("</table>\n");
        if (shown.size() < h.size()) {
            b.append("<p>The timeline shows ").append(shown.size()).append(" of ").append(h.size())
                    .append(" operations: those of the violations below and their neighbours in each session.</p>\n");
        }
        b.append("<h2>Timeline</h2><p>One lane per session; boxes from invocation to completion, green ok, red fail, "
                + "orange info, grey never completed. Click a violation below to highlight its operations and edges (the first is selected); hover a box for details.</p>\n");
        // Session names in a column of their own, so they stay in view when the timeline scrolls sideways.
        b.append("<div id=\"tlwrap\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABELS_PX)
                .append("\" height=\"").append(height).append("\" style=\"flex:none\">\n");
        for (Map.Entry<Integer, Integer> e : lane.entrySet()) {
            int y = 20 + e.getValue() * LANE_HEIGHT_PX;
            b.append("<text class=\"lane\" x=\"4\" y=\"").append(y + 18).append("\">").append(esc(h.sessionNameAt(e.getKey())))
                    .append("</text>\n");
        }
        b.append("</svg><div id=\"tl\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                        + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" "
                        + "fill=\"#cf222e\"/></marker></defs>\n");
        for (Map.Entry<Integer, Integer> e : lane.entrySet()) {
            int y = 20 + e.getValue() * LANE_HEIGHT_PX;
            b.append("<line x1=\"0\" x2=\"").append(width).append("\" y1=\"").append(y + 13).append("\" y2=\"")
                    .append(y + 13).append("\" stroke=\"#eee\"/>\n");
        }
        Map<Integer, double[]> centre = new LinkedHashMap<>();
        for (int o : shown) {
            double x1 = LEFT_PX + step * rank.get(h.invokeNanos(o));
            double x2 = LEFT_PX + step * rank.get(h.completeNanos(o)) + step * 0.8;
            int y = 20 + lane.get(h.sessionOf(o)) * LANE_HEIGHT_PX;
            centre.put(o, new double[] {(x1 + x2) / 2, y + 13});
            String cls = h.pending(o) ? "pending" : History.outcomeName(h.outcome(o));
            b.append("<rect class=\"op ").append(cls).append("\" id=\"o").append(o).append("\" x=\"").append(fmt(x1))
                    .append("\" y=\"").append(y + 3).append("\" width=\"").append(fmt(Math.max(3, x2 - x1)))
                    .append("\" height=\"20\" rx=\"3\"><title>#").append(o).append(": ").append(esc(outcome.describe(o)))
                    .append("</title></rect>\n");
        }
        for (int i = 0; i < report.shownGroups().size(); i++) {
            for (Explainer.Edge e : outcome.edges(report.shownGroups().get(i).first())) {
                double[] p = centre.get(e.from()), q = centre.get(e.to());
                if (p == null || q == null) continue;
                String label = switch (e.kind()) {
                    case 0 -> "po";
                    case 1 -> "rf";
                    case 2 -> "cf";
                    case 3 -> "hb";
                    default -> "co";
                };
                b.append("<line class=\"edge e").append(i).append("\" x1=\"").append(fmt(p[0])).append("\" y1=\"").append(fmt(p[1]))
                        .append("\" x2=\"").append(fmt(q[0])).append("\" y2=\"").append(fmt(q[1])).append("\"/>")
                        .append("<text class=\"elabel e").append(i).append("\" x=\"").append(fmt((p[0] + q[0]) / 2 + 3))
                        .append("\" y=\"").append(fmt((p[1] + q[1]) / 2 - 3)).append("\">").append(label).append("</text>\n");
            }
        }
        b.append("</svg></div></div>\n");
        b.append("<h2>Violations</h2>\n");
        if (report.violations().isEmpty()) b.append("<p>None.</p>\n");
        for (int i = 0; i < report.violations().size(); i++) {
            var v = report.violations().get(i);
            b.append("<div class=\"v\" id=\"v").append(i).append("\" onclick=\"sel(").append(i).append(")\"><b>")
                    .append(esc(v.check())).append(": ").append(esc(v.pattern())).append("</b> — ")
                    .append(esc(v.explanation())).append("</div>\n");
        }
        b.append("<script>\nconst ops=[");
        for (int i = 0; i < report.violations().size(); i++) {
            if (i > 0) b.append(',');
            b.append(report.violations().get(i).operations());
        }
        b.append("];\nfunction sel(i){document.querySelectorAll('.sel').forEach(e=>e.classList.remove('sel'));"
                + "document.querySelectorAll('.hl').forEach(e=>e.classList.remove('hl'));"
                + "document.querySelectorAll('.on').forEach(e=>e.classList.remove('on'));"
                + "document.getElementById('v'+i).classList.add('sel');"
                + "ops[i].forEach(o=>{const r=document.getElementById('o'+o);if(r)r.classList.add('hl');});"
                + "document.querySelectorAll('.e'+i).forEach(e=>e.classList.add('on'));"
                + "const f=document.getElementById('o'+ops[i][0]);const tl=document.getElementById('tl');"
                + "const wrap=document.getElementById('tlwrap');"
                + "if(f){tl.scrollLeft=Math.max(0,f.x.baseVal.value-tl.clientWidth/2);wrap.scrollTop=Math.max(0,f.y.baseVal.value-wrap.clientHeight/2);}}\n"
                + "if(ops.length>0)sel(0);\n</script>\n</body></html>\n");
        return b.toString();
    }

    private TreeSet<Integer> chooseOperations() {
        TreeSet<Integer> shown = new TreeSet<>();
        if (h.size() <= OPS_SHOWN_MAX) {
            for (int o = 0; o < h.size(); o++) shown.add(o);
            return shown;
        }
        TreeSet<Integer> core = new TreeSet<>();
        for (var v : report.violations()) core.addAll(v.operations());
        shown.addAll(core);
        // Neighbours in each session: scan the operation order once per involved session.
        Map<Integer, List<Integer>> bySession = new LinkedHashMap<>();
        for (int o : core) bySession.computeIfAbsent(h.sessionOf(o), s -> new ArrayList<>()).add(o);
        for (Map.Entry<Integer, List<Integer>> e : bySession.entrySet()) {
            if (shown.size() >= OPS_SHOWN_MAX) break;
            List<Integer> sessionOps = new ArrayList<>();
            for (int o = 0; o < h.size(); o++) if (h.sessionOf(o) == e.getKey()) sessionOps.add(o);
            for (int o : e.getValue()) {
                int i = java.util.Collections.binarySearch(sessionOps, o);
                for (int j = Math.max(0, i - CONTEXT_OPS); j <= Math.min(sessionOps.size() - 1, i + CONTEXT_OPS); j++) {
                    shown.add(sessionOps.get(j));
                }
            }
        }
        if (shown.isEmpty()) for (int o = 0; o < OPS_SHOWN_MAX; o++) shown.add(o);
        return shown;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
