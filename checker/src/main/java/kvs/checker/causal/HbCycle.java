package kvs.checker.causal;

import java.util.Arrays;

/**
 * A cycle in CO ∪ D for one session's conflict edges D, without touching the whole history.
 *
 * <p><b>Theory of operation.</b> CO is acyclic, so a cycle uses D edges c → d joined by causal
 * paths d ⇝ c' (possibly empty). Every target d was read, so it has an {@code after} row, and the
 * sources c' that d causally precedes form, in each session, a suffix of that session's D sources
 * in position order. The search graph therefore has one node per D edge (taking it) and one per
 * source in position order (a chain: reaching a source reaches every later one of its session);
 * an edge node leads to the first source of each session that its target precedes. A cycle there
 * is a cycle in CO ∪ D and back; Kahn's algorithm finds whether one exists, and a walk back
 * through the nodes it leaves gives one. O(|D| · sessions · log |D|), no recursion.
 */
final class HbCycle {
    private HbCycle() {}

    /** The steps {@link #find} takes for these edges: one per (edge, source session), one per edge and chain node. */
    static long cost(Analysis a, int[] from) {
        java.util.BitSet sessions = new java.util.BitSet();
        for (int f : from) sessions.set(a.session(f));
        return (long) from.length * (sessions.cardinality() + 4);
    }

    /** Triples (node, kind, via) of a cycle, where kind −1 is a causal path to the next node, or null. */
    static int[] find(Analysis a, int[] from, int[] to, int[] via, int[] kind) {
        int m = from.length;
        if (m == 0) return null;
        // Edges sorted by (source session, source position, index): the chain order.
        Integer[] boxed = new Integer[m];
        for (int i = 0; i < m; i++) boxed[i] = i;
        Arrays.sort(boxed, (u, v) -> {
            int su = a.session(from[u]), sv = a.session(from[v]);
            if (su != sv) return Integer.compare(su, sv);
            if (a.pos[from[u]] != a.pos[from[v]]) return Integer.compare(a.pos[from[u]], a.pos[from[v]]);
            return Integer.compare(u, v);
        });
        int[] edge = new int[m], sourcePos = new int[m];
        for (int i = 0; i < m; i++) {
            edge[i] = boxed[i];
            sourcePos[i] = a.pos[from[edge[i]]];
        }
        // Groups: one per source session.
        IntList starts = new IntList(), sessions = new IntList();
        for (int i = 0; i < m; i++) {
            if (i == 0 || a.session(from[edge[i]]) != a.session(from[edge[i - 1]])) {
                starts.add(i);
                sessions.add(a.session(from[edge[i]]));
            }
        }
        int groups = starts.size();
        starts.add(m);
        int[] groupStart = starts.toArray(), groupSession = sessions.toArray();
        // Nodes: 0..m-1 take edge edge[i]; m..2m-1 reach the source of edge[i] (chain node).
        int nodes = 2 * m;
        int[] outStart = new int[nodes + 1];
        IntList targets = new IntList(m * 4);
        for (int i = 0; i < m; i++) { // edge nodes: to the first source of each session that the target precedes
            int d = to[edge[i]];
            for (int g = 0; g < groups; g++) {
                int first = firstAtOrAfter(sourcePos, groupStart[g], groupStart[g + 1], a.after(d, groupSession[g]));
                if (first >= 0) targets.add(m + first);
            }
            a.steps(groups);
            outStart[i + 1] = targets.size();
        }
        for (int i = 0; i < m; i++) { // chain nodes: take the edge, or move on to the next source
            targets.add(i);
            if (i + 1 < m && a.session(from[edge[i + 1]]) == a.session(from[edge[i]])) targets.add(m + i + 1);
            outStart[m + i + 1] = targets.size();
        }
        int[] succ = targets.toArray();
        int[] indegree = new int[nodes];
        for (int v : succ) indegree[v]++;
        int[] queue = new int[nodes];
        int head = 0, tail = 0;
        for (int v = 0; v < nodes; v++) if (indegree[v] == 0) queue[tail++] = v;
        a.steps(nodes + succ.length);
        while (head < tail) {
            int v = queue[head++];
            for (int j = outStart[v]; j < outStart[v + 1]; j++) if (--indegree[succ[j]] == 0) queue[tail++] = succ[j];
        }
        if (tail == nodes) return null;
        return witness(a, from, to, via, kind, edge, succ, outStart, indegree);
    }

    /** The first index in [lo, hi) whose edge's source is at a position ≥ q, or −1. */
    private static int firstAtOrAfter(int[] sourcePos, int lo, int hi, int q) {
        if (hi == lo || sourcePos[hi - 1] < q) return -1;
        int found = -1;
        hi--;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sourcePos[mid] >= q) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    /**
     * Nodes left by Kahn's algorithm (indegree > 0) each have a left predecessor: walking back
     * from one until a node repeats gives a cycle, which is then told forwards as triples.
     */
    private static int[] witness(Analysis a, int[] from, int[] to, int[] via, int[] kind, int[] edge, int[] succ,
                                 int[] outStart, int[] indegree) {
        int nodes = indegree.length, m = nodes / 2;
        // Predecessor lists among left nodes.
        int[] predStart = new int[nodes + 1];
        for (int v = 0; v < nodes; v++) {
            if (indegree[v] == 0) continue;
            for (int j = outStart[v]; j < outStart[v + 1]; j++) if (indegree[succ[j]] > 0) predStart[succ[j] + 1]++;
        }
        for (int v = 0; v < nodes; v++) predStart[v + 1] += predStart[v];
        int[] pred = new int[predStart[nodes]];
        int[] fill = Arrays.copyOf(predStart, nodes);
        for (int v = 0; v < nodes; v++) {
            if (indegree[v] == 0) continue;
            for (int j = outStart[v]; j < outStart[v + 1]; j++) if (indegree[succ[j]] > 0) pred[fill[succ[j]]++] = v;
        }
        int start = -1;
        for (int v = 0; v < nodes && start < 0; v++) if (indegree[v] > 0) start = v;
        int[] seenAt = new int[nodes];
        Arrays.fill(seenAt, -1);
        IntList walk = new IntList();
        int v = start;
        while (seenAt[v] < 0) {
            Check.that(predStart[v + 1] > predStart[v], "a node left by Kahn's algorithm has a left predecessor");
            seenAt[v] = walk.size();
            walk.add(v);
            v = pred[predStart[v]];
        }
        // walk[seenAt[v]..] is the cycle backwards; take its edge nodes forwards.
        IntList edgesInOrder = new IntList();
        for (int i = walk.size() - 1; i >= seenAt[v]; i--) if (walk.get(i) < m) edgesInOrder.add(edge[walk.get(i)]);
        Check.that(edgesInOrder.size() > 0, "a cycle of CO ∪ D takes a D edge");
        IntList out = new IntList();
        int count = edgesInOrder.size();
        for (int i = 0; i < count; i++) {
            int e = edgesInOrder.get(i), next = edgesInOrder.get((i + 1) % count);
            out.add(from[e]);
            out.add(kind[e]);
            out.add(via[e]);
            if (to[e] != from[next]) {
                out.add(to[e]);
                out.add(-1);
                out.add(-1);
            }
        }
        return out.toArray();
    }
}
