package kvs.checker.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kvs.checker.Verdict;
import kvs.checker.Violation;
import kvs.checker.causal.Explainer;
import kvs.checker.causal.History;
import kvs.checker.causal.Outcome;
import kvs.checker.history.FaultEvent;

/**
 * The one HTML report of the checker, the simulator, the workload and the tester: a single
 * self-contained page (its script, style and uPlot inline; no network). It shows the verdict and
 * each check, the timeline of every session (a canvas that draws only the visible window of the
 * compact data embedded in the page), latency and throughput over time, fault bands, and every
 * explained root cause with its prose and its own small diagram.
 */
final class ReportPage {
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** Unexpected answers listed in the page (all are counted). */
    static final int UNEXPECTED_LISTED_MAX = 50;

    private final CheckReport report;
    private final ReportExtras extras;
    private final Outcome outcome;
    private final History h;
    private final TimelineData timeline;

    ReportPage(CheckReport report, ReportExtras extras) {
        this.report = report;
        this.extras = extras;
        this.outcome = report.outcome();
        this.h = outcome.history();
        this.timeline = TimelineData.of(h);
    }

    String render() {
        StringBuilder b = new StringBuilder(Math.max(1 << 16, h.size() * 48));
        String title = extras.title().isEmpty() ? "kvs-check: " + report.source() : extras.title();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(HtmlText.esc(title)).append("</title>\n<style>\n").append(resource(UPLOT + "uPlot.min.css"))
                .append('\n').append(resource("kvs/checker/report/report.css")).append("\n</style></head><body>\n");
        header(b, title);
        runInfo(b);
        unexpectedAnswers(b);
        conformance(b);
        timelineSection(b);
        plotsSection(b);
        violationsSection(b);
        for (ReportExtras.Section section : extras.sections()) {
            b.append("<section id=\"").append(HtmlText.esc(section.id())).append("\"><h2>").append(HtmlText.esc(section.title()))
                    .append("</h2>\n").append(section.html()).append("\n</section>\n");
        }
        b.append("<script type=\"application/json\" id=\"kvs-data\">");
        data(b);
        b.append("</script>\n<script>\n/* uPlot 1.6.30, MIT License, (c) Leon Sorokin */\n").append(resource(UPLOT + "uPlot.iife.min.js"))
                .append("\n</script>\n<script>\n").append(resource("kvs/checker/report/report.js")).append("\n</script>\n</body></html>\n");
        return b.toString();
    }

    private void header(StringBuilder b, String title) {
        Verdict v = report.verdict();
        b.append("<header><h1>").append(HtmlText.esc(title)).append("</h1>\n<p class=\"summary\">Verdict under model <b>")
                .append(report.model().wire()).append("</b>: <span class=\"badge verdict-").append(v).append("\">").append(v)
                .append("</span> &nbsp; ").append(CheckReport.plural(timeline.operationCount(), "operation"));
        if (timeline.attemptCount() > 0) {
            b.append(" (and ").append(CheckReport.plural(timeline.attemptCount(), "failed attempt"))
                    .append(" retried within them)");
        }
        b.append(", ").append(CheckReport.plural(h.sessionCount(), "session")).append(", ")
                .append(CheckReport.plural(h.keyCount(), "key")).append(". Checked in ")
                .append(String.format(Locale.ROOT, "%.0f ms", outcome.elapsedNanos() / 1e6)).append(".</p>\n");
        b.append("<table class=\"checks\"><thead><tr><th>check</th><th>verdict</th><th>violations</th><th>root causes</th>"
                + "<th>explained below</th></tr></thead><tbody>\n");
        for (Map.Entry<String, Verdict> e : outcome.status().entrySet()) {
            String check = e.getKey();
            int count = outcome.findingCount(check);
            b.append("<tr><td>").append(check).append("</td><td><span class=\"badge verdict-").append(e.getValue()).append("\">")
                    .append(e.getValue()).append("</span></td><td>").append(count > 0 ? count : "").append("</td><td>")
                    .append(count > 0 ? report.groupCount(check) : "").append("</td><td>")
                    .append(count > 0 ? report.shownGroupCount(check) : "").append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        if (!outcome.notes().isEmpty()) {
            b.append("<ul class=\"notes\">");
            for (String note : outcome.notes()) b.append("<li>").append(HtmlText.esc(note)).append("</li>");
            b.append("</ul>\n");
        }
        b.append("</header>\n");
    }

    private void runInfo(StringBuilder b) {
        if (extras.runInfo().isEmpty()) return;
        b.append("<section id=\"run\"><h2>The run</h2>\n<table class=\"runinfo\"><tbody>");
        for (ReportExtras.InfoRow r : extras.runInfo()) {
            b.append("<tr><th>").append(HtmlText.esc(r.name())).append("</th><td>").append(HtmlText.esc(r.value())).append("</td></tr>");
        }
        b.append("</tbody></table></section>\n");
    }

    private void unexpectedAnswers(StringBuilder b) {
        int count = h.unexpectedCount();
        if (count == 0) return;
        b.append("<section id=\"unexpected\"><h2>Unexpected answers</h2>\n<p>")
                .append(CheckReport.plural(count, "answer")).append(" that the API does not allow (a 5xx, a body that is not JSON, a "
                        + "missing field, a wrong content type), marked with a dark underline on the timeline")
                .append(count > UNEXPECTED_LISTED_MAX ? "; the first " + UNEXPECTED_LISTED_MAX + " are listed" : "")
                .append(".</p>\n<table><thead><tr><th>operation</th><th>session</th><th>replica</th><th>answer</th></tr></thead><tbody>");
        for (int i = 0; i < Math.min(count, UNEXPECTED_LISTED_MAX); i++) {
            int o = h.unexpectedOp(i);
            b.append("<tr><td>#").append(o).append(' ').append(HtmlText.esc(HtmlText.opLabel(h, o))).append("</td><td>")
                    .append(HtmlText.esc(h.sessionName(o))).append("</td><td>").append(HtmlText.esc(h.replicaName(o)))
                    .append("</td><td><pre>").append(HtmlText.esc(h.unexpectedText(i))).append("</pre></td></tr>");
        }
        b.append("</tbody></table></section>\n");
    }

    /** The conformance table: failures first, a switch to show the failures only. */
    private void conformance(StringBuilder b) {
        List<ReportExtras.ConformanceRow> rows = extras.conformance();
        if (rows.isEmpty()) return;
        long failed = rows.stream().filter(r -> !r.pass()).count();
        b.append("<section id=\"conformance\"><h2>Conformance</h2>\n<p><span class=\"badge verdict-")
                .append(failed == 0 ? "VALID" : "INVALID").append("\">").append(rows.size() - failed).append(" of ")
                .append(rows.size()).append(" checks pass</span> &nbsp; <label><input type=\"checkbox\" id=\"conf-failures\"> "
                        + "show failures only</label></p>\n<table class=\"conformance\"><thead><tr><th>result</th><th>group</th>"
                        + "<th>check</th><th>request</th><th>answer</th><th>expected</th></tr></thead><tbody>\n");
        List<ReportExtras.ConformanceRow> ordered = new ArrayList<>();
        for (ReportExtras.ConformanceRow r : rows) if (!r.pass()) ordered.add(r);
        for (ReportExtras.ConformanceRow r : rows) if (r.pass()) ordered.add(r);
        for (ReportExtras.ConformanceRow r : ordered) {
            b.append("<tr class=\"").append(r.pass() ? "conf-pass" : "conf-fail").append("\"><td>").append(r.pass() ? "PASS" : "FAIL")
                    .append("</td><td>").append(HtmlText.esc(r.group())).append("</td><td>").append(HtmlText.esc(r.check()))
                    .append("</td><td><pre>").append(HtmlText.esc(r.request())).append("</pre></td><td><pre>")
                    .append(HtmlText.esc(r.answer())).append("</pre></td><td>").append(HtmlText.esc(r.expected())).append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private void timelineSection(StringBuilder b) {
        b.append("<section id=\"timeline\"><h2>Timeline</h2>\n<div class=\"toolbar\">")
                .append("<button id=\"tl-zoom-in\" title=\"zoom in (Ctrl + wheel)\">+</button>")
                .append("<button id=\"tl-zoom-out\" title=\"zoom out (Ctrl + wheel)\">−</button>")
                .append("<button id=\"tl-left\" title=\"pan left (Shift + wheel, or drag)\">←</button>")
                .append("<button id=\"tl-right\" title=\"pan right (Shift + wheel, or drag)\">→</button>")
                .append("<button id=\"tl-fit-all\">fit all</button>")
                .append("<button id=\"tl-fit-violation\">fit violation</button>")
                .append("<select id=\"tl-violation\" title=\"the violation shown on the timeline\"></select>")
                .append("<span id=\"tl-range\" class=\"range\"></span></div>\n")
                .append("<p class=\"hint\">One lane per session, boxes from invocation to completion: <span class=\"sw put\"></span>put "
                        + "<span class=\"sw get\"></span>get <span class=\"sw delete\"></span>delete (ok), "
                        + "<span class=\"sw fail\"></span>failed (no effect), <span class=\"sw info\"></span>unknown outcome (info), "
                        + "<span class=\"sw pending\"></span>never completed; dark ticks inside a box are failed attempts (503, "
                        + "unreachable replica) that the client retried. <span class=\"sw fault\"></span>faults. "
                        + "Ctrl + wheel (or wheel over the time axis) zooms, Shift + wheel or dragging pans, the wheel scrolls "
                        + "the lanes. The lanes of the selected violation are pinned on top, with its edges.</p>\n")
                .append("<div id=\"tl-scroll\" tabindex=\"0\"><canvas id=\"tl-canvas\"></canvas><div id=\"tl-spacer\"></div></div>\n")
                .append("<div id=\"tl-tip\" hidden></div>\n");
        List<FaultBand> faults = faultBands();
        if (!faults.isEmpty()) {
            b.append("<details class=\"faults\"><summary>").append(CheckReport.plural(faults.size(), "fault"))
                    .append(" of the nemesis (click one to zoom to it)</summary><ul class=\"fault-list\">");
            for (FaultBand f : faults) {
                b.append("<li data-from=\"").append(timeline.units(f.startNanos())).append("\" data-to=\"")
                        .append(timeline.units(f.endNanos())).append("\"><b>").append(HtmlText.esc(f.label())).append("</b> from ")
                        .append(seconds((f.startNanos() - timeline.originNanos()) / 1e9)).append(" to ")
                        .append(seconds((f.endNanos() - timeline.originNanos()) / 1e9))
                        .append(f.detail().isEmpty() ? "" : ": " + HtmlText.esc(f.detail())).append("</li>");
            }
            b.append("</ul></details>\n");
        }
        b.append("</section>\n");
    }

    private void plotsSection(StringBuilder b) {
        b.append("<section id=\"plots\"><h2>Latency and throughput</h2>\n");
        b.append("<p class=\"hint\">From the history: an operation's latency runs from its first attempt to its completion, "
                + "in the time bucket of its completion (buckets of ").append(seconds(new Plots(h, timeline).bucketSeconds()))
                .append("). Shaded bands are faults.</p>\n<div id=\"plot-latency\" class=\"plot\"></div>\n"
                        + "<div id=\"plot-throughput\" class=\"plot\"></div></section>\n");
    }

    private void violationsSection(StringBuilder b) {
        List<Violation> violations = report.violations();
        b.append("<section id=\"violations\"><h2>Violations</h2>\n");
        if (report.groups().isEmpty()) {
            b.append("<p>None: every check that ran found nothing.</p></section>\n");
            return;
        }
        b.append("<p>").append(CheckReport.plural(report.groups().size(), "root cause")).append(", each told once with every "
                + "check it breaks");
        if (violations.size() < report.groups().size()) {
            b.append("; ").append(violations.size()).append(" explained, shared among the failing checks so that each shows examples");
        }
        b.append(". Click one to show it on the timeline.</p>\n<div class=\"filters\" id=\"v-filters\"><button class=\"on\" "
                + "data-check=\"\">all (").append(violations.size()).append(")</button>");
        for (String check : outcome.status().keySet()) {
            int shown = report.shownGroupCount(check);
            if (shown > 0) {
                b.append("<button data-check=\"").append(check).append("\">").append(check).append(" (").append(shown).append(")</button>");
            }
        }
        b.append("</div>\n");
        for (int i = 0; i < violations.size(); i++) {
            Violation v = violations.get(i);
            RootCauses.Group g = report.shownGroups().get(i);
            b.append("<article class=\"v\" id=\"v").append(i).append("\" data-i=\"").append(i).append("\" data-checks=\" ")
                    .append(String.join(" ", v.checks())).append(" \"><h3><span class=\"num\">[").append(i + 1).append("]</span> ");
            for (String c : v.checks()) b.append("<span class=\"chk\">").append(HtmlText.esc(c)).append("</span>");
            b.append(" ").append(HtmlText.esc(v.pattern()));
            if (g.size() > 1) b.append(" <span class=\"count\">").append(CheckReport.plural(g.size(), "violation")).append("</span>");
            b.append(" <button class=\"show\" data-i=\"").append(i).append("\">show on timeline ↑</button></h3>\n<div class=\"vbody\">")
                    .append("<div class=\"prose\"><p>").append(HtmlText.esc(v.explanation())).append("</p>");
            for (Violation.Broken also : v.broken().subList(1, v.broken().size())) {
                b.append("<details><summary>also breaks <b>").append(HtmlText.esc(also.check())).append("</b> (")
                        .append(HtmlText.esc(also.pattern())).append(also.count() > 1 ? ", " + also.count() + " violations" : "")
                        .append(")</summary><p>").append(HtmlText.esc(CheckReport.alsoText(v.explanation(), also.explanation())))
                        .append("</p></details>");
            }
            b.append("</div><div class=\"diagram\">")
                    .append(ViolationDiagram.svg(h, v.operations(), outcome.edges(g.first()), "vd" + i)).append("</div></div></article>\n");
        }
        b.append("</section>\n");
    }

    private void data(StringBuilder b) {
        b.append("{\"timeline\":");
        timeline.writeJson(b);
        b.append(",\n\"violations\":[");
        List<Violation> violations = report.violations();
        for (int i = 0; i < violations.size(); i++) {
            Violation v = violations.get(i);
            RootCauses.Group g = report.shownGroups().get(i);
            if (i > 0) b.append(',');
            TimelineData.Window w = timeline.window(v.operations());
            b.append("{\"title\":");
            Json.str(b, "[" + (i + 1) + "] " + String.join(", ", v.checks()) + ": " + v.pattern());
            b.append(",\"ops\":").append(v.operations()).append(",\"from\":").append(w.fromUnits()).append(",\"to\":")
                    .append(w.toUnits()).append(",\"lanes\":").append(w.lanes()).append(",\"edges\":[");
            List<Explainer.Edge> edges = outcome.edges(g.first());
            for (int e = 0; e < edges.size(); e++) {
                Explainer.Edge edge = edges.get(e);
                if (e > 0) b.append(',');
                b.append('[').append(edge.from()).append(',').append(edge.to()).append(',');
                Json.str(b, ViolationDiagram.relation(edge.kind()).label()).append(',');
                Json.str(b, ViolationDiagram.relation(edge.kind()).colour()).append(']');
            }
            b.append("]}");
        }
        b.append("],\n\"faults\":[");
        List<FaultBand> faults = faultBands();
        for (int i = 0; i < faults.size(); i++) {
            FaultBand f = faults.get(i);
            if (i > 0) b.append(',');
            b.append("{\"label\":");
            Json.str(b, f.label()).append(",\"detail\":");
            Json.str(b, f.detail()).append(",\"from\":").append(timeline.units(f.startNanos())).append(",\"to\":")
                    .append(timeline.units(f.endNanos())).append('}');
        }
        b.append("],\n\"plots\":");
        Plots plots = new Plots(h, timeline);
        if (plots.worthDrawing()) {
            b.append("{\"latency\":");
            Plots.writeJson(b, plots.latency());
            b.append(",\"throughput\":");
            Plots.writeJson(b, plots.throughput());
            b.append(",\"unitSeconds\":");
            Json.num(b, timeline.unitNanos() / 1e9);
            b.append('}');
        } else {
            b.append("null");
        }
        b.append('}');
    }

    /** A fault of the run, from its start to its end (the end of the history when it was never healed). */
    record FaultBand(String label, String detail, long startNanos, long endNanos) {}

    /** The faults of the history, start paired with end by id; one never healed lasts to the end of the history. */
    List<FaultBand> faultBands() {
        return faultBands(h.faults(), timeline.endNanos());
    }

    static List<FaultBand> faultBands(List<FaultEvent> events, long endNanos) {
        List<FaultBand> out = new ArrayList<>();
        Map<Long, FaultEvent> open = new LinkedHashMap<>();
        List<Long> order = new ArrayList<>();
        Map<Long, Long> ends = new LinkedHashMap<>();
        for (FaultEvent e : events) {
            if (e.phase() == FaultEvent.Phase.START) {
                if (!open.containsKey(e.id())) order.add(e.id());
                open.put(e.id(), e);
            } else if (open.containsKey(e.id())) {
                ends.putIfAbsent(e.id(), e.timeNanos());
            }
        }
        for (long id : order) {
            FaultEvent f = open.get(id);
            String label = f.fault() + (f.targets().isEmpty() ? "" : " " + String.join(",", f.targets()));
            String detail = f.detail() + (ends.containsKey(id) ? "" : " (never healed in this history)");
            out.add(new FaultBand(label, detail.strip(), f.timeNanos(), Math.max(f.timeNanos(), ends.getOrDefault(id, endNanos))));
        }
        return out;
    }

    static String seconds(double s) {
        if (s == 0) return "0 s";
        if (s >= 1) return String.format(Locale.ROOT, "%.3g s", s);
        if (s >= 1e-3) return String.format(Locale.ROOT, "%.3g ms", s * 1e3);
        if (s >= 1e-6) return String.format(Locale.ROOT, "%.3g µs", s * 1e6);
        return String.format(Locale.ROOT, "%.3g ns", s * 1e9);
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the report's resource " + name + " is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
