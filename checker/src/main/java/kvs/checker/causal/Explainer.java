package kvs.checker.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the proof of a finding in prose: "Let … then … but …", each operation with its index,
 * session, replica and time, each edge with its reason (session order, read from, conflict) and
 * causal paths found by a breadth-first search (shortest, no recursion).
 */
public final class Explainer {
    /** One edge of a proof. */
    public record Edge(int from, int to, int kind, int via) {}

    private final Analysis a;
    private final History h;
    private final long origin;

    Explainer(Analysis a) {
        this.a = a;
        this.h = a.h;
        long min = Long.MAX_VALUE;
        for (int o = 0; o < h.size(); o++) min = Math.min(min, h.invokeTime.get(o));
        this.origin = min == Long.MAX_VALUE ? 0 : min;
    }

    /** The operations a finding involves, in a stable order, without the edge encodings. */
    List<Integer> operations(Finding f) {
        Set<Integer> ops = new LinkedHashSet<>();
        for (Edge e : edges(f)) {
            ops.add(e.from());
            ops.add(e.to());
            if (e.via() >= 0) ops.add(e.via());
        }
        for (int o : plainOps(f)) if (o >= 0) ops.add(o);
        return new ArrayList<>(ops);
    }

    /** The edges to draw for a finding (causal paths, read-from, conflicts). */
    List<Edge> edges(Finding f) {
        int[] o = f.ops();
        List<Edge> out = new ArrayList<>();
        switch (f.pattern()) {
            case "CyclicCO", "CyclicCF", "CyclicHB" -> out.addAll(cycleEdges(o, 0, true));
            case "WriteHBInitRead" -> {
                if (segmented(o)) {
                    Analysis.forEachSegmentEdge(o, at -> out.addAll(segmentEdges(o, at)));
                    break;
                }
                out.addAll(cycleEdges(o, 2, false)); // the last triple closes no cycle
                int lastTarget = o[o.length - 3];
                out.addAll(path(lastTarget, o[0]));
            }
            case "WriteCORead" -> {
                if (f.check().equals("cc") || f.check().equals("read-your-writes")) {
                    out.addAll(path(o[1], o[2]));
                    out.addAll(path(o[2], o[0]));
                    out.add(new Edge(o[1], o[0], Analysis.EDGE_RF, -1));
                } else {
                    out.addAll(sessionShapeEdges(f));
                }
            }
            case "WriteCOInitRead" -> {
                if (f.check().equals("cc")) {
                    out.addAll(path(o[1], o[0]));
                    for (int i = 2; i + 1 < o.length && i < 2 + 2 * 8; i += 2) {
                        out.addAll(path(o[i], o[i + 1]));
                        out.addAll(path(o[i + 1], o[0]));
                    }
                } else if (f.check().equals("read-your-writes")) {
                    out.addAll(path(o[2], o[0]));
                } else {
                    out.addAll(sessionShapeEdges(f));
                }
            }
            case "FinalValueOverwritten" -> {
                if (o[1] >= 0) {
                    out.add(new Edge(o[1], o[0], Analysis.EDGE_RF, -1));
                    out.addAll(path(o[1], o[2]));
                }
            }
            default -> { }
        }
        return out;
    }

    private List<Edge> sessionShapeEdges(Finding f) {
        int[] o = f.ops();
        List<Edge> out = new ArrayList<>();
        switch (f.check()) {
            case "monotonic-reads" -> { // r, w0, r1, w1
                out.add(new Edge(o[3], o[2], Analysis.EDGE_RF, -1));
                out.add(new Edge(o[2], o[0], Analysis.EDGE_PO, -1));
                if (o[1] >= 0) out.addAll(path(o[1], o[3]));
            }
            case "monotonic-writes" -> { // r, w0, w1, w2, r2
                out.add(new Edge(o[2], o[3], Analysis.EDGE_PO, -1));
                out.add(new Edge(o[3], o[4], Analysis.EDGE_RF, -1));
                out.add(new Edge(o[4], o[0], Analysis.EDGE_PO, -1));
                if (o[1] >= 0) out.addAll(path(o[1], o[2]));
            }
            case "writes-follow-reads" -> { // r, w0, w1, r1, w2, r2
                out.add(new Edge(o[2], o[3], Analysis.EDGE_RF, -1));
                out.add(new Edge(o[3], o[4], Analysis.EDGE_PO, -1));
                out.add(new Edge(o[4], o[5], Analysis.EDGE_RF, -1));
                out.add(new Edge(o[5], o[0], Analysis.EDGE_PO, -1));
                if (o[1] >= 0) out.addAll(path(o[1], o[2]));
            }
            default -> { }
        }
        return out;
    }

    private List<Integer> plainOps(Finding f) {
        int[] o = f.ops();
        List<Integer> out = new ArrayList<>();
        switch (f.pattern()) {
            case "CyclicCO", "CyclicCF", "CyclicHB" -> {
                for (int i = 0; i < o.length; i += 3) out.add(o[i]);
            }
            case "WriteHBInitRead" -> {
                out.add(o[0]);
                out.add(o[1]);
                if (segmented(o)) for (int[] c : candidates(o)) {
                    out.add(c[0]);
                    out.add(c[1]);
                }
            }
            default -> {
                int limit = Math.min(o.length, 2 + 2 * 8);
                for (int i = 0; i < limit; i++) out.add(o[i]);
            }
        }
        return out;
    }

    private List<Edge> cycleEdges(int[] o, int start, boolean closed) {
        List<Edge> out = new ArrayList<>();
        int m = (o.length - start) / 3;
        for (int i = 0; i < (closed ? m : m - 1); i++) {
            int from = o[start + 3 * i];
            int to = o[start + 3 * ((i + 1) % m)];
            int kind = o[start + 3 * i + 1];
            int via = o[start + 3 * i + 2];
            if ((kind == Analysis.EDGE_PO && a.pos[to] != a.pos[from] + 1) || kind == -1) {
                out.addAll(path(from, to));
            } else {
                out.add(new Edge(from, to, kind, via));
            }
        }
        return out;
    }

    /**
     * A causal path from a to b over session order and read-from (a ≤co b is known) with the
     * fewest read-from edges (a 0-1 breadth-first search: session-order steps cost nothing), so
     * a path inside one session is told as one session-order edge.
     */
    /**
     * Bounds the work of all path searches of one report (a search can visit much of a large
     * history); past it, a path is stated as one causal-order edge, which is still true.
     */
    private long visitsLeft = 5_000_000;

    List<Edge> path(int from, int to) {
        if (from == to) return List.of();
        if (visitsLeft <= 0) return List.of(new Edge(from, to, -1, -1));
        boolean fromHasRow = a.hasAfter(from);
        Map<Integer, Integer> dist = new HashMap<>();
        Map<Integer, Integer> parent = new HashMap<>();
        Map<Integer, Integer> parentKind = new HashMap<>();
        java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
        dist.put(to, 0);
        queue.add(new int[] {to, 0});
        while (!queue.isEmpty()) {
            int[] item = queue.pollFirst();
            if (--visitsLeft <= 0) break;
            int v = item[0];
            if (item[1] != dist.get(v)) continue;
            if (v == from) break;
            int s = a.session(v);
            int po = a.pos[v] > 0 ? a.sessOps[s][a.pos[v] - 1] : -1;
            int rf = a.role[v] == Analysis.R_READ ? a.src[v] : -1;
            for (int kind = 0; kind < 2; kind++) {
                int p = kind == 0 ? po : rf;
                if (p < 0) continue;
                if (fromHasRow && a.after(from, a.session(p)) > a.pos[p]) continue; // from does not precede p
                int d = item[1] + kind;
                Integer old = dist.get(p);
                if (old != null && old <= d) continue;
                dist.put(p, d);
                parent.put(p, v);
                parentKind.put(p, kind == 0 ? Analysis.EDGE_PO : Analysis.EDGE_RF);
                if (kind == 0) queue.addFirst(new int[] {p, d});
                else queue.addLast(new int[] {p, d});
            }
        }
        if (!parent.containsKey(from)) return List.of(new Edge(from, to, -1, -1));
        List<Edge> out = new ArrayList<>();
        for (int v = from; v != to; v = parent.get(v)) out.add(new Edge(v, parent.get(v), parentKind.get(v), -1));
        return compressSessionRuns(out);
    }

    /** Merges consecutive session-order steps into one edge: #3 → #9 (session order). */
    private static List<Edge> compressSessionRuns(List<Edge> edges) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : edges) {
            if (!out.isEmpty() && e.kind() == Analysis.EDGE_PO && out.get(out.size() - 1).kind() == Analysis.EDGE_PO) {
                Edge last = out.remove(out.size() - 1);
                out.add(new Edge(last.from(), e.to(), Analysis.EDGE_PO, -1));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    // ---- prose ------------------------------------------------------------------------------

    String explain(Finding f) {
        int[] o = f.ops();
        StringBuilder b = new StringBuilder();
        switch (f.pattern()) {
            case "DuplicateValue" -> b.append("Operations ").append(ref(o[0])).append(" and ").append(ref(o[1]))
                    .append(" both write the value ").append(h.value.get(o[0]))
                    .append(". With duplicate written values a read no longer names its write, and deciding causal consistency "
                            + "becomes NP-complete: the checker does not guess. ").append(letAll(o[0], o[1]));
            case "ThinAirRead" -> {
                b.append(letAll(o[0])).append(" ").append(ref(o[0])).append(" returned ").append(h.value.get(o[0]));
                if (o.length > 1 && h.kind(o[1]) == History.PUT && h.outcome(o[1]) == History.FAIL) {
                    b.append(", but the only write of that value, ").append(ref(o[1]))
                            .append(", failed (it certainly did not take effect): the value came from thin air.");
                } else if (o.length > 1) {
                    b.append(", but that value was written by ").append(ref(o[1])).append(" to key ")
                            .append(h.keyName(o[1])).append(", not to ").append(h.keyName(o[0])).append(": the value came from thin air.");
                } else {
                    b.append(", a value that no operation of the history wrote: it came from thin air.");
                }
            }
            case "CyclicCO", "CyclicCF", "CyclicHB" -> {
                List<Integer> nodes = operations(f);
                b.append(letAll(nodes.stream().mapToInt(Integer::intValue).toArray())).append(" Then ");
                b.append(chain(edges(f))).append(". This closes a cycle");
                if (f.pattern().equals("CyclicCO")) {
                    b.append(" in causal order (session order and read-from): each operation would have to happen before itself.");
                    if (f.check().equals("ccv")) b.append(" Causal order is part of every arbitration order, so causal convergence fails too.");
                    if (f.check().equals("cm")) b.append(" Causal order is part of every session's happens-before order, so causal memory fails too.");
                } else if (f.pattern().equals("CyclicCF")) {
                    b.append(" in causal order together with the conflict order that the reads impose: no single order of the "
                            + "writes explains all reads, so the replicas cannot converge (causal convergence fails).");
                } else {
                    b.append(" in the happens-before order of session ").append(h.sessionNames.get(Integer.parseInt(f.groupKey().substring(8))))
                            .append(" (causal memory): that session cannot order what it saw.");
                }
            }
            case "WriteHBInitRead" -> {
                if (segmented(o)) {
                    explainHbInitReadWithDeletes(o, b);
                    break;
                }
                b.append(letAll(o[0], o[1])).append(" Then ").append(chain(edges(f))).append(", so ").append(ref(o[1]))
                        .append(" happens before ").append(ref(o[0])).append(" in the order session ").append(h.sessionName(o[0]))
                        .append(" observed. But ").append(ref(o[0])).append(" read key ").append(h.keyName(o[0]))
                        .append(" as absent (its initial state), which ").append(ref(o[1])).append(" had overwritten.");
            }
            case "WriteCORead" -> explainWriteCORead(f, b);
            case "WriteCOInitRead" -> explainInitRead(f, b);
            case "FinalReadsDisagree" -> {
                b.append(letAll(o)).append(" These final reads of key ").append(h.keyName(o[0]))
                        .append(", made after the cluster was healed and quiet, return different results: ");
                List<String> parts = new ArrayList<>();
                for (int r : o) parts.add(ref(r) + " at " + h.replicaName(r) + " read " + result(r));
                b.append(String.join("; ", parts)).append(". The replicas did not converge.");
            }
            case "FinalValueOverwritten" -> {
                if (o[1] >= 0) {
                    b.append(letAll(o[0], o[1], o[2])).append(" The final read ").append(ref(o[0])).append(" returned the value of ")
                            .append(ref(o[1])).append(", but ").append(chain(path(o[1], o[2]))).append(", so ").append(ref(o[2]))
                            .append(" (acknowledged) causally overwrote it: the acknowledged write ").append(ref(o[2])).append(" was lost.");
                } else {
                    boolean last = !a.overwrittenByAcknowledged(a.writesOnKey[h.keyIdOf(o[2])], o[2]);
                    b.append(letAll(o[0], o[2])).append(" The final read ").append(ref(o[0])).append(" found key ")
                            .append(h.keyName(o[0])).append(" absent, but the acknowledged put ").append(ref(o[2]))
                            .append(" wrote it").append(last ? " and no acknowledged write of the key causally follows it"
                                    : " (the causal order is cyclic here, so no write of the key is last)");
                    if (o.length > 3) {
                        b.append(", and every delete of the key was causally overwritten by an acknowledged write (");
                        List<String> parts = new ArrayList<>();
                        for (int i = 3; i + 1 < o.length; i += 2) {
                            if (parts.size() == 8) {
                                parts.add("and " + ((o.length - i) / 2) + " more");
                                break;
                            }
                            parts.add(ref(o[i]) + " by " + ref(o[i + 1]));
                        }
                        b.append(String.join(", ", parts)).append(")");
                    }
                    b.append(": the acknowledged write ").append(ref(o[2])).append(" was lost.");
                }
            }
            default -> b.append(f.pattern()).append(" involving ").append(operations(f));
        }
        return b.toString();
    }

    private static boolean segmented(int[] o) {
        return o.length > 2 && o[2] == Analysis.HB_SEGMENTS;
    }

    /** The edges of the segment at o[at] (its length, then triples (node, kind, via); kind -1 is a causal path). */
    private List<Edge> segmentEdges(int[] o, int at) {
        return cycleEdges(Arrays.copyOfRange(o, at + 1, at + 1 + o[at]), 0, false);
    }

    /** Per delete of a segmented witness: {d, overwriter or -1, index of the first segment, index of the second or -1}. */
    private static List<int[]> candidates(int[] o) {
        List<int[]> out = new ArrayList<>();
        int i = 3 + 1 + o[3];
        while (i < o.length) {
            int d = o[i], over = o[i + 1];
            int first = i + 2;
            int second = -1;
            i = first + 1 + o[first];
            if (over >= 0) {
                second = i;
                i = second + 1 + o[second];
            }
            out.add(new int[] {d, over, first, second});
        }
        return out;
    }

    private void explainHbInitReadWithDeletes(int[] o, StringBuilder b) {
        int r = o[0], w = o[1];
        List<int[]> cands = candidates(o);
        List<Integer> named = new ArrayList<>(List.of(r, w));
        for (int i = 0; i < cands.size() && i < 8; i++) {
            named.add(cands.get(i)[0]);
            named.add(cands.get(i)[1]);
        }
        b.append(letAll(named.stream().mapToInt(Integer::intValue).toArray())).append(" Then ").append(chain(segmentEdges(o, 3)))
                .append(", so ").append(ref(w)).append(" happens before ").append(ref(r)).append(" in the order session ")
                .append(h.sessionName(r)).append(" observed. But ").append(ref(r)).append(" read key ").append(h.keyName(r))
                .append(" as absent, and it can have read neither its initial state, which ").append(ref(w))
                .append(" had overwritten, nor any delete of the key, since in that order each delete was overwritten before ")
                .append(ref(r)).append(" or happens after it: ");
        List<String> parts = new ArrayList<>();
        for (int[] c : cands) {
            if (parts.size() == 8) {
                parts.add("and " + (cands.size() - 8) + " more");
                break;
            }
            if (c[1] >= 0) {
                parts.add(ref(c[0]) + " was overwritten by " + ref(c[1]) + " (" + chain(segmentEdges(o, c[2])) + "; then "
                        + chain(segmentEdges(o, c[3])) + ")");
            } else {
                parts.add(ref(c[0]) + " happens after " + ref(r) + " (" + chain(segmentEdges(o, c[2])) + ")");
            }
        }
        b.append(String.join("; ", parts)).append(".");
    }

    private void explainWriteCORead(Finding f, StringBuilder b) {
        int[] o = f.ops();
        int r = o[0], w0 = o[1];
        switch (f.check()) {
            case "monotonic-reads" -> {
                int r1 = o[2], w1 = o[3];
                b.append(letAll(w0, w1, r1, r)).append(" Session ").append(h.sessionName(r)).append(" first read ")
                        .append(h.value.get(w1)).append(" with ").append(ref(r1)).append(" (read from ").append(ref(w1))
                        .append("), then read the older ").append(h.value.get(w0)).append(" with ").append(ref(r))
                        .append(", although ").append(chain(path(w0, w1))).append(": its reads of key ").append(h.keyName(r))
                        .append(" went backwards.");
            }
            case "monotonic-writes" -> {
                int w1 = o[2], w2 = o[3], r2 = o[4];
                b.append(letAll(w0, w1, w2, r2, r)).append(" Session ").append(h.sessionName(w1)).append(" wrote ")
                        .append(ref(w1)).append(" and then ").append(ref(w2)).append(" (session order). Session ")
                        .append(h.sessionName(r)).append(" saw ").append(ref(w2)).append(" with ").append(ref(r2))
                        .append(" but then read, with ").append(ref(r)).append(", the value of ").append(ref(w0))
                        .append(", which ").append(ref(w1)).append(" had overwritten (").append(chain(path(w0, w1)))
                        .append("): the writes of ").append(h.sessionName(w1)).append(" were not seen in order.");
            }
            case "writes-follow-reads" -> {
                int w1 = o[2], r1 = o[3], w2 = o[4], r2 = o[5];
                b.append(letAll(w0, w1, r1, w2, r2, r)).append(" Session ").append(h.sessionName(r1)).append(" read ")
                        .append(ref(w1)).append(" with ").append(ref(r1)).append(" and then wrote ").append(ref(w2))
                        .append(". Session ").append(h.sessionName(r)).append(" saw ").append(ref(w2)).append(" with ")
                        .append(ref(r2)).append(" but then read, with ").append(ref(r)).append(", the value of ").append(ref(w0))
                        .append(", which ").append(ref(w1)).append(" had overwritten (").append(chain(path(w0, w1)))
                        .append("): a write was visible before the read it followed.");
            }
            default -> {
                int w1 = o[2];
                b.append(letAll(w0, w1, r)).append(" Then ").append(chain(path(w0, w1))).append(", and ")
                        .append(chain(path(w1, r))).append(", so ").append(ref(w0)).append(" causally precedes ").append(ref(w1))
                        .append(" which causally precedes ").append(ref(r)).append(" (transitivity). But ").append(ref(r))
                        .append(" read ").append(h.value.get(w0)).append(", the value of ").append(ref(w0)).append(", which ")
                        .append(ref(w1)).append(" had overwritten");
                if (f.check().equals("read-your-writes")) {
                    b.append(": session ").append(h.sessionName(r)).append(" did not read its own write ").append(ref(w1));
                }
                b.append(".");
            }
        }
    }

    private void explainInitRead(Finding f, StringBuilder b) {
        int[] o = f.ops();
        int r = o[0];
        switch (f.check()) {
            case "read-your-writes" -> b.append(letAll(o[2], r)).append(" Session ").append(h.sessionName(r)).append(" wrote ")
                    .append(ref(o[2])).append(" and then (").append(chain(path(o[2], r))).append(") found key ")
                    .append(h.keyName(r)).append(" absent with ").append(ref(r))
                    .append(", and no delete of the key could have followed its write: it did not read its own write.");
            case "monotonic-reads" -> b.append(letAll(o[3], o[2], r)).append(" Session ").append(h.sessionName(r))
                    .append(" read ").append(h.value.get(o[3])).append(" with ").append(ref(o[2])).append(", then found key ")
                    .append(h.keyName(r)).append(" absent with ").append(ref(r))
                    .append(", and no delete of the key could have followed that write: its reads went backwards.");
            case "monotonic-writes" -> b.append(letAll(o[2], o[3], o[4], r)).append(" Session ").append(h.sessionName(o[2]))
                    .append(" wrote ").append(ref(o[2])).append(" and then ").append(ref(o[3])).append(". Session ")
                    .append(h.sessionName(r)).append(" saw ").append(ref(o[3])).append(" with ").append(ref(o[4]))
                    .append(", then found key ").append(h.keyName(r)).append(" absent with ").append(ref(r))
                    .append(": the writes were not seen in order.");
            case "writes-follow-reads" -> b.append(letAll(o[2], o[3], o[4], o[5], r)).append(" Session ")
                    .append(h.sessionName(o[3])).append(" read ").append(ref(o[2])).append(" with ").append(ref(o[3]))
                    .append(" and then wrote ").append(ref(o[4])).append(". Session ").append(h.sessionName(r)).append(" saw ")
                    .append(ref(o[4])).append(" with ").append(ref(o[5])).append(", then found key ").append(h.keyName(r))
                    .append(" absent with ").append(ref(r)).append(": a write was visible before the read it followed.");
            default -> {
                int w1 = o[1];
                b.append(letAll(w1, r)).append(" Then ").append(chain(path(w1, r))).append(", so ").append(ref(w1))
                        .append(" causally precedes ").append(ref(r)).append(". But ").append(ref(r)).append(" found key ")
                        .append(h.keyName(r)).append(" absent, as in its initial state, which ").append(ref(w1))
                        .append(" had overwritten");
                if (o.length > 2) {
                    b.append("; nor can ").append(ref(r)).append(" have read a delete of the key, since each one was overwritten"
                            + " in its causal past: ");
                    List<String> parts = new ArrayList<>();
                    for (int i = 2; i + 1 < o.length; i += 2) {
                        if (parts.size() == 8) {
                            parts.add("and " + ((o.length - i) / 2) + " more");
                            break;
                        }
                        parts.add(ref(o[i]) + " by " + ref(o[i + 1]));
                    }
                    b.append(String.join(", ", parts));
                }
                b.append(".");
            }
        }
    }

    /** "#3 → #9 (session order) → #12 (read from)". */
    String chain(List<Edge> edges) {
        return chain(edges, false);
    }

    /** A nested chain (the justification of a derived edge) names derived edges by their read only: no recursion. */
    private String chain(List<Edge> edges, boolean nested) {
        if (edges.isEmpty()) return "(no edge)";
        StringBuilder b = new StringBuilder(ref(edges.get(0).from()));
        int previous = edges.get(0).from();
        for (Edge e : edges) {
            if (e.from() != previous) b.append("; and ").append(ref(e.from()));
            b.append(" → ").append(ref(e.to())).append(" (").append(nested ? shortReason(e) : reason(e)).append(")");
            previous = e.to();
        }
        return b.toString();
    }

    /**
     * The path w1 → … → r that justifies derived edge e (w1 happened before r, which read e's
     * target): its causal-order steps are spelled out as session order and read-from.
     */
    List<Edge> justification(Edge e) {
        int[] q = a.hbJustification.get(new Analysis.DerivedEdge(e.from(), e.to(), e.via()));
        if (q == null) return List.of(new Edge(e.from(), e.via(), -1, -1));
        List<Edge> out = new ArrayList<>();
        for (int i = 0; i + 3 < q.length; i += 4) {
            if (q[i + 2] == -1) out.addAll(path(q[i], q[i + 1]));
            else out.add(new Edge(q[i], q[i + 1], q[i + 2], q[i + 3]));
        }
        return compressSessionRuns(out);
    }

    private String shortReason(Edge e) {
        return switch (e.kind()) {
            case Analysis.EDGE_CF -> "conflict on key " + h.keyName(e.from()) + ", by " + ref(e.via());
            case Analysis.EDGE_HB -> "derived conflict on key " + h.keyName(e.from()) + ", by " + ref(e.via());
            default -> reason(e);
        };
    }

    private String reason(Edge e) {
        return switch (e.kind()) {
            case Analysis.EDGE_HB -> "derived conflict: both write key " + h.keyName(e.from()) + ", and " + ref(e.via())
                    + " read " + ref(e.to()) + " after " + ref(e.from()) + " happened before it in the order session "
                    + h.sessionName(e.via()) + " observed, not by causal order alone: " + chain(justification(e), true);
            case Analysis.EDGE_PO -> "session order in " + h.sessionName(e.from());
            case Analysis.EDGE_RF -> "read from: " + ref(e.to()) + " returned the value " + ref(e.from()) + " wrote";
            case Analysis.EDGE_CF -> "conflict: both write key " + h.keyName(e.from()) + ", and " + ref(e.via()) + " read "
                    + ref(e.to()) + " after " + ref(e.from()) + " causally preceded it";
            default -> "causal order, by transitivity";
        };
    }

    static String ref(int o) {
        return "#" + o;
    }

    private String letAll(int... ops) {
        Set<Integer> seen = new LinkedHashSet<>();
        for (int o : ops) if (o >= 0) seen.add(o);
        List<String> parts = new ArrayList<>();
        for (int o : seen) parts.add(ref(o) + " be " + describe(o));
        return "Let " + String.join(", ", parts) + ".";
    }

    /** "the put x = 5 of session c3 on 10.0.0.1:8090 at 1.250 ms (ok)". */
    String describe(int o) {
        StringBuilder b = new StringBuilder("the ");
        switch (h.kind(o)) {
            case History.PUT -> b.append("put ").append(h.keyName(o)).append(" = ").append(h.value.get(o));
            case History.GET -> b.append("get ").append(h.keyName(o)).append(" → ").append(result(o));
            default -> b.append("delete ").append(h.keyName(o));
        }
        if (h.isFinal(o)) b.append(" (final read)");
        b.append(" of session ").append(h.sessionName(o)).append(" on ").append(h.replicaName(o)).append(" at ")
                .append(millis(h.invokeTime.get(o))).append(" (").append(History.outcomeName(h.outcome(o))).append(")");
        return b.toString();
    }

    String result(int o) {
        if (h.outcome(o) != History.OK) return "?";
        return h.found(o) ? h.value.get(o) : "absent";
    }

    String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", (nanos - origin) / 1e6);
    }
}
