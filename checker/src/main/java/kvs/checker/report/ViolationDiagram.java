package kvs.checker.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import kvs.checker.causal.Explainer;
import kvs.checker.causal.History;

/**
 * A small diagram of one violation, readable without the big timeline (in the manner of Elle's
 * cycle diagrams): only the witness operations, one lane per session, the operations in order of
 * invocation from left to right, and every edge of the proof drawn apart and labelled with its
 * relation. Session-order edges between operations of one lane arc above it; every other edge
 * within a lane arcs below it, so a read-from edge never lies on the session order; parallel
 * edges between the same two operations bend apart.
 */
final class ViolationDiagram {
    static final int BOX_W = 180, BOX_H = 36, COL_GAP = 40, LANE_H = 104, NAMES_W = 96, TOP = 8;

    /** A relation as drawn: its label, its colour and whether it arcs above a lane. */
    record Relation(String label, String colour) {}

    static Relation relation(int kind) {
        return switch (kind) {
            case 0 -> new Relation("session order", "#57606a");
            case 1 -> new Relation("read from", "#0969da");
            case 2 -> new Relation("overwrite", "#bc4c00");
            case 3 -> new Relation("overwrite (derived)", "#bc4c00");
            default -> new Relation("causal", "#8250df");
        };
    }

    private ViolationDiagram() {}

    /** The diagram as an SVG element (escaped, self-contained). */
    static String svg(History h, List<Integer> ops, List<Explainer.Edge> edges, String id) {
        List<Integer> order = new ArrayList<>(ops);
        order.sort(Comparator.comparingLong(h::invokeNanos).thenComparingInt(o -> o));
        Map<Integer, Integer> column = columns(h, order, edges);
        Map<Integer, Integer> laneOfSession = new LinkedHashMap<>();
        for (int o : order) laneOfSession.putIfAbsent(h.sessionOf(o), laneOfSession.size());
        int columns = 0;
        for (int c : column.values()) columns = Math.max(columns, c + 1);
        int width = NAMES_W + columns * (BOX_W + COL_GAP) + 10;
        int height = TOP + laneOfSession.size() * LANE_H + 10;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"vd\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
        b.append("<defs>");
        for (int kind = -1; kind <= 3; kind++) {
            b.append("<marker id=\"").append(id).append("-m").append(kind + 1)
                    .append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
                    .append("<path d=\"M0,0L10,5L0,10z\" fill=\"").append(relation(kind).colour()).append("\"/></marker>");
        }
        b.append("</defs>");
        for (Map.Entry<Integer, Integer> e : laneOfSession.entrySet()) {
            int y = laneY(e.getValue());
            b.append("<line x1=\"").append(NAMES_W - 4).append("\" x2=\"").append(width).append("\" y1=\"").append(y)
                    .append("\" y2=\"").append(y).append("\" stroke=\"#d0d7de\" stroke-dasharray=\"4 3\"/>");
            b.append("<text x=\"4\" y=\"").append(y + 4).append("\" class=\"vd-lane\">")
                    .append(HtmlText.esc(HtmlText.ellipsis("session " + h.sessionNameAt(e.getKey()), 14))).append("</text>");
        }
        // Edges first, so boxes cover their ends and labels stay on top (drawn last).
        StringBuilder labels = new StringBuilder();
        Map<String, Integer> parallel = new LinkedHashMap<>();
        for (Explainer.Edge e : edges) {
            Integer cf = column.get(e.from()), ct = column.get(e.to());
            if (cf == null || ct == null || e.from() == e.to()) continue;
            String pair = Math.min(e.from(), e.to()) + "-" + Math.max(e.from(), e.to());
            int nth = parallel.merge(pair, 1, Integer::sum) - 1;
            Relation rel = relation(e.kind());
            double x1 = boxCentre(cf), x2 = boxCentre(ct);
            int lf = laneOfSession.get(h.sessionOf(e.from())), lt = laneOfSession.get(h.sessionOf(e.to()));
            double y1, y2, cx, cy;
            if (lf == lt) {
                boolean above = e.kind() == 0;
                int sign = above ? -1 : 1;
                y1 = laneY(lf) + sign * BOX_H / 2.0;
                y2 = y1;
                double bend = 18 + 5 * Math.min(2, Math.abs(ct - cf) - 1) + 8 * nth;
                cx = (x1 + x2) / 2;
                cy = y1 + sign * bend * 2;
                // From the near corner of one box to the near corner of the other, clear of the
                // edges between lanes, which meet boxes in the middle.
                double corner = (x2 > x1 ? 1 : -1) * (BOX_W / 2.0 - 16);
                x1 += corner;
                x2 -= corner;
            } else {
                int sign = lt > lf ? 1 : -1;
                y1 = laneY(lf) + sign * BOX_H / 2.0;
                y2 = laneY(lt) - sign * BOX_H / 2.0;
                double shift = (nth % 2 == 0 ? 1 : -1) * (nth + 1) / 2 * 40.0;
                cx = (x1 + x2) / 2 + shift;
                cy = (y1 + y2) / 2;
            }
            b.append("<path d=\"M").append(f(x1)).append(',').append(f(y1)).append(" Q").append(f(cx)).append(',').append(f(cy))
                    .append(' ').append(f(x2)).append(',').append(f(y2)).append("\" fill=\"none\" stroke=\"").append(rel.colour())
                    .append("\" stroke-width=\"1.6\"").append(e.kind() == -1 ? " stroke-dasharray=\"5 3\"" : "")
                    .append(" marker-end=\"url(#").append(id).append("-m").append(e.kind() + 1).append(")\"/>");
            double mx = 0.25 * x1 + 0.5 * cx + 0.25 * x2, my = 0.25 * y1 + 0.5 * cy + 0.25 * y2;
            double w = rel.label().length() * 6.2 + 8;
            labels.append("<rect x=\"").append(f(mx - w / 2)).append("\" y=\"").append(f(my - 8)).append("\" width=\"").append(f(w))
                    .append("\" height=\"15\" rx=\"3\" fill=\"#fff\" stroke=\"").append(rel.colour()).append("\" stroke-width=\"0.6\"/>")
                    .append("<text x=\"").append(f(mx)).append("\" y=\"").append(f(my + 3.5)).append("\" class=\"vd-rel\" fill=\"")
                    .append(rel.colour()).append("\">").append(rel.label()).append("</text>");
        }
        for (Map.Entry<Integer, Integer> e : column.entrySet()) {
            int o = e.getKey();
            double x = boxCentre(e.getValue()) - BOX_W / 2.0;
            int y = laneY(laneOfSession.get(h.sessionOf(o))) - BOX_H / 2;
            String cls = h.pending(o) ? "pending" : History.outcomeName(h.outcome(o));
            b.append("<g class=\"vd-op\" data-op=\"").append(o).append("\"><title>").append(HtmlText.esc(tooltip(h, o)))
                    .append("</title><rect x=\"").append(f(x)).append("\" y=\"").append(y).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(BOX_H).append("\" rx=\"4\" class=\"vd-box ").append(cls).append("\"/>")
                    .append("<text x=\"").append(f(x + 6)).append("\" y=\"").append(y + 15).append("\" class=\"vd-t1\">")
                    .append(HtmlText.esc(HtmlText.ellipsis("#" + o + " " + HtmlText.opLabel(h, o), 26))).append("</text>")
                    .append("<text x=\"").append(f(x + 6)).append("\" y=\"").append(y + 29).append("\" class=\"vd-t2\">")
                    .append(HtmlText.esc(HtmlText.ellipsis(cls + (h.isFinal(o) ? ", final read" : "") + " · " + h.replicaName(o), 30)))
                    .append("</text></g>");
        }
        b.append(labels).append("</svg>");
        return b.toString();
    }

    /**
     * A column per operation, in order of invocation, as far left as its session and the edges
     * into it allow: after the previous operation of its session and after the source of every
     * edge into it that was invoked before it. So independent sessions share columns, and the
     * diagram is as wide as the longest chain of the proof, not as the number of operations.
     */
    static Map<Integer, Integer> columns(History h, List<Integer> order, List<Explainer.Edge> edges) {
        Map<Integer, Integer> column = new LinkedHashMap<>();
        Map<Integer, Integer> lastOfSession = new LinkedHashMap<>();
        for (int o : order) {
            int c = 0;
            Integer previous = lastOfSession.get(h.sessionOf(o));
            if (previous != null) c = column.get(previous) + 1;
            for (Explainer.Edge e : edges) {
                if (e.to() == o && e.from() != o && column.containsKey(e.from())) c = Math.max(c, column.get(e.from()) + 1);
            }
            column.put(o, c);
            lastOfSession.put(h.sessionOf(o), o);
        }
        return column;
    }

    private static String tooltip(History h, int o) {
        return "#" + o + " " + HtmlText.opLabel(h, o) + "\nsession " + h.sessionName(o) + ", replica " + h.replicaName(o) + ", "
                + (h.pending(o) ? "never completed" : History.outcomeName(h.outcome(o)));
    }

    static int laneY(int lane) {
        return TOP + lane * LANE_H + LANE_H / 2;
    }

    static double boxCentre(int column) {
        return NAMES_W + column * (BOX_W + COL_GAP) + BOX_W / 2.0;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
