package kvs.checker.causal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The exact happens-before of one session for causal memory (Bouajjani et al., POPL 2017): the
 * least set D of derived conflict edges such that, with hb = (CO ∪ D)⁺, a read r1 of the session
 * that reads w2, and a write w1 ≠ w2 of its key with w1 hb r1, give w1 → w2 in D. hb_o grows along
 * a session, so o is the session's last operation and D holds the edges of all its reads.
 *
 * <p><b>Theory of operation.</b> D is seeded with the conflict edges that CO alone justifies (the
 * forward pass found them). A round walks the session in order and keeps, for the current
 * position p, the part X of its hb-past that is outside its causal past C (both are prefixes of
 * each session, so X is one position per session). X grows from the sources of the D edges whose
 * target is in C (an edge becomes active at {@code after[target][s]}), closed backwards over
 * session order, read-from and reversed D edges; operations in C are never scanned (their
 * predecessors are in C, and D edges into C are activated on their own). At each read r1, the
 * last write of r1's key in X of each session, if it is outside C, gives an edge w1 → w2 (earlier
 * writes of that session are implied by session order; writes in C were seeded). Edges found
 * during a round extend X at once; since reads already passed may now see more, rounds repeat
 * until one adds nothing: then every read was examined under the final D, which is the fixpoint.
 *
 * <p>C is replayed from the session's clock log ({@link ClockLog}), which the forward pass wrote, so
 * asking whether an operation is in it is a lookup; a session without a log (the logs' memory
 * bound was reached, or a second cm run) finds C's end in each session from the backward rows.
 *
 * <p>Every step counts against a budget; when it runs out the result is incomplete (never a guess).
 * Iterative throughout; deterministic (sessions, edges and events in index order).
 */
final class HbFixpoint {
    /** The kind of an activation event: the source of an active D edge entered X. */
    private static final int ACTIVATED = -2;

    private final Analysis a;
    private final Analysis.CmWorker w;
    private final Shared g;
    /** The session's D edges by target, heads indexed in session-major order ({@link Shared#base}). */
    private final int[] inHead;
    /** For each derived edge of the session, its justification: quadruples (from, to, kind, via) from w1 to the read. */
    final Map<Analysis.DerivedEdge, int[]> justification = new HashMap<>();

    // The session's edges.
    final IntList from = new IntList(), to = new IntList(), via = new IntList(), kind = new IntList();
    private final IntList nextIn = new IntList();
    /** Per edge, the position of s at which its target enters the causal past C (where the edge becomes active). */
    final IntList activation = new IntList();
    /** Per edge, its source's session, position and next sourced write (read in order when the edge raises its source). */
    private final IntList fromSession = new IntList(), fromPos = new IntList(), fromNext = new IntList();
    /** The edges' (from, to) pairs, packed: an edge is added once, whatever its justification (the first one is kept). */
    private final LongSet pairs = new LongSet();

    // One round's state.
    private int s, p;
    /**
     * The session's clock log, or null: with it the causal past C of position p is replayed along
     * the round ({@link Analysis.CmWorker#replay}), and every membership question is a lookup;
     * without it C's end in each session is found from the backward rows of its sourced writes.
     */
    private int[] log;
    private int[] x, scanned;
    /**
     * The causal past C of position p in each session t, kept while p advances: valid in the
     * round {@code frontierRound[t]}; pastEnd[t] is its end, the position of the sourced write
     * {@code frontierIndex[t]} (of {@link Shared#sourced}), and {@code frontierNext[t]} the first
     * position of s at which the next sourced write enters C (so until p reaches it nothing
     * changes, and asking costs no memory access outside these arrays).
     */
    private int[] pastEnd, frontierRound, frontierIndex, frontierNext;
    int rounds;
    /** Counts every round of this worker (never reset): the stamp of the frontier arrays. */
    private int roundStamp;
    private IntList[] eventPos, eventNode, eventKind, eventVia;
    /** Edges waiting for activation, by position of s: linked lists through {@code bucketNext}. */
    private int[] bucketHead;
    private final IntList bucketNext = new IntList();
    /** Sessions whose part of X may lie outside C (pruned lazily as C catches up). */
    private final IntList activeSessions = new IntList();
    private boolean[] active;
    private final IntList stack = new IntList();
    /** The sessions X reached in the current round (their state is reset before the next). */
    private final IntList touched = new IntList();
    private boolean[] onStack;
    private boolean grew;
    /**
     * The positions whose reads a round examines (null: all of them, in the first round). A later
     * round sees, at a read r at position q, the same X as the previous round did unless that
     * round added an edge at a read at or after q (at q, sessions examined before the edge came
     * were not looked at again) whose target entered C at or before q: only then was the edge
     * active at q now but not then (edges added before q, and those that activate after q, are
     * the same in both). So each edge added at position p, activated at a, marks the window
     * [a, p] for the next round; elsewhere its reads add nothing, and X is not even closed there
     * (raised operations wait on the stack until the next examined read).
     */
    private boolean[] examine;
    /** The last position a round examines: past it, nothing it does matters. */
    private int lastExamined;
    /** Scratch for {@link #marked}: the windows open at each position, and the positions marked (reused, so longer than a session may be). */
    private int[] depth;
    private boolean[] examined;
    /** The windows [from, to] that the edges added in this round mark for the next one, as pairs. */
    private final IntList windows = new IntList();
    long steps;
    private long budget;

    HbFixpoint(Analysis a, Analysis.CmWorker w, Shared g) {
        this.a = a;
        this.w = w;
        this.g = g;
        int k = a.k;
        x = new int[k];
        scanned = new int[k];
        pastEnd = new int[k];
        frontierRound = new int[k];
        frontierIndex = new int[k];
        frontierNext = new int[k];
        Arrays.fill(x, -1);
        Arrays.fill(scanned, -1);
        onStack = new boolean[k];
        active = new boolean[k];
        eventPos = new IntList[k];
        eventNode = new IntList[k];
        eventKind = new IntList[k];
        eventVia = new IntList[k];
        this.inHead = new int[g.size];
        Arrays.fill(inHead, -1);
    }

    /**
     * What the scan of X reads about each operation, read-only and shared by the cm threads, in
     * session-major order (position q of session t at {@code base[t] + q}), so that scanning a
     * stretch of a session reads memory in order: for a read, its source's session, position and
     * next sourced write (session -1 for other operations). Sourced writes are those some read
     * returned (they have {@code after} rows); per operation, the first one at or after it in its
     * session ({@code nextSourced}), and per session, all of them in order: an operation is in a
     * causal past exactly when its next sourced write is, so the end of a causal past in a session
     * is the position of the last sourced write in it.
     */
    static final class Shared {
        final int[] base, srcSession, srcPos, srcNext, nextSourced;
        final int[][] sourced;
        final int size;

        Shared(Analysis a) {
            sourced = new int[a.k][];
            nextSourced = new int[a.n];
            for (int t = 0; t < a.k; t++) {
                IntList latestFirst = new IntList();
                int[] all = a.sessOps[t];
                int next = -1;
                for (int q = all.length - 1; q >= 0; q--) {
                    int o = all[q];
                    if (a.isReadPut(o)) {
                        next = o;
                        latestFirst.add(o);
                    }
                    nextSourced[o] = next;
                }
                int m = latestFirst.size();
                sourced[t] = new int[m];
                for (int i = 0; i < m; i++) sourced[t][i] = latestFirst.get(m - 1 - i);
            }
            base = new int[a.k + 1];
            for (int t = 0; t < a.k; t++) base[t + 1] = base[t] + a.sessOps[t].length;
            size = base[a.k];
            srcSession = new int[size];
            srcPos = new int[size];
            srcNext = new int[size];
            for (int t = 0; t < a.k; t++) {
                int[] ops = a.sessOps[t];
                for (int q = 0; q < ops.length; q++) {
                    int o = ops[q], i = base[t] + q;
                    if (a.role[o] == Analysis.R_READ) {
                        int v = a.src[o];
                        srcSession[i] = a.session(v);
                        srcPos[i] = a.pos[v];
                        srcNext[i] = nextSourced[v];
                    } else {
                        srcSession[i] = -1;
                    }
                }
            }
        }

        int index(Analysis a, int o) {
            return base[a.session(o)] + a.pos[o];
        }
    }

    /**
     * Computes session s's D from the seed edges (CF edges whose read is in s; kind CF). Returns
     * false if the step budget ran out first. Afterwards {@link #from} etc. hold D.
     */
    boolean run(int session, int[] seedFrom, int[] seedTo, int[] seedVia, int[] clockLog, long stepsMax) {
        clear();
        s = session;
        log = clockLog;
        budget = stepsMax;
        steps = 0;
        rounds = 0;
        for (int i = 0; i < seedFrom.length; i++) addEdge(seedFrom[i], seedTo[i], seedVia[i], Analysis.EDGE_CF);
        examine = null;
        lastExamined = a.sessOps[s].length - 1;
        do {
            grew = false;
            windows.truncate(0);
            if (!round()) return false;
            if (grew) examine = marked(windows, a.sessOps[s].length);
        } while (grew);
        return true;
    }

    int derivedCount() {
        int count = 0;
        for (int i = 0; i < kind.size(); i++) if (kind.get(i) == Analysis.EDGE_HB) count++;
        return count;
    }

    private void clear() {
        for (int i = 0; i < to.size(); i++) inHead[g.index(a, to.get(i))] = -1;
        from.truncate(0);
        to.truncate(0);
        via.truncate(0);
        kind.truncate(0);
        nextIn.truncate(0);
        activation.truncate(0);
        fromSession.truncate(0);
        fromPos.truncate(0);
        fromNext.truncate(0);
        pairs.clear();
        justification.clear();
    }

    private boolean addEdge(int f, int t, int v, int k) {
        int ti = g.index(a, t);
        if (!pairs.add((long) f << 32 | t)) return false;
        int e = from.size();
        from.add(f);
        to.add(t);
        via.add(v);
        kind.add(k);
        nextIn.add(inHead[ti]);
        int at = w.afterCached(t, s);
        if (at >= a.sessOps[s].length) Check.that(false, "the target of D edge %d is read in session %d", e, s);
        activation.add(at);
        fromSession.add(a.session(f));
        fromPos.add(a.pos[f]);
        fromNext.add(g.nextSourced[f]);
        inHead[ti] = e;
        return true;
    }

    // ---- one round ---------------------------------------------------------------------------

    private boolean round() {
        int[] ops = a.sessOps[s];
        // The per-session state is reset only where the last round touched it (X reached those sessions only).
        for (int i = 0; i < touched.size(); i++) {
            int t = touched.get(i);
            x[t] = -1;
            scanned[t] = -1;
            onStack[t] = false;
            active[t] = false;
            eventPos[t].truncate(0);
            eventNode[t].truncate(0);
            eventKind[t].truncate(0);
            eventVia[t].truncate(0);
        }
        touched.truncate(0);
        stack.truncate(0);
        rounds++;
        roundStamp++;
        activeSessions.truncate(0);
        if (bucketHead == null || bucketHead.length < ops.length) bucketHead = new int[Math.max(ops.length, 16)];
        Arrays.fill(bucketHead, 0, ops.length, -1);
        bucketNext.truncate(0);
        if (log != null) w.replay.reset(log);
        for (int e = 0; e < from.size(); e++) schedule(e, -1);
        for (p = 0; p <= lastExamined; p++) {
            steps++;
            if (log != null) w.replay.advanceTo(p);
            for (int e = bucketHead[p]; e >= 0; e = bucketNext.get(e)) activate(e);
            int o = ops[p];
            if (a.role[o] != Analysis.R_READ || a.violatingRead.get(o)) continue;
            if (examine != null && !examine[p]) continue; // X is closed only where reads may see something new
            if (!close() || !derive(o)) return false;
        }
        return true;
    }

    /** The positions covered by the windows (pairs of inclusive bounds), in time linear in the positions and windows. */
    private boolean[] marked(IntList windows, int positions) {
        if (depth == null || depth.length < positions + 1) {
            depth = new int[positions + 1];
            examined = new boolean[positions];
        }
        Arrays.fill(depth, 0, positions + 1, 0);
        for (int i = 0; i < windows.size(); i += 2) {
            depth[windows.get(i)]++;
            depth[windows.get(i + 1) + 1]--;
            steps++;
        }
        boolean[] out = examined;
        lastExamined = -1; // a round that added edges marked at least one window
        int open = 0;
        for (int q = 0; q < positions; q++) {
            open += depth[q];
            out[q] = open > 0;
            if (out[q]) lastExamined = q;
        }
        steps += positions / 64;
        return out;
    }

    /** Queues edge e for activation at the position where its target enters the causal past (now, if already in it). */
    private void schedule(int e, int now) {
        int at = activation.get(e);
        steps++;
        while (bucketNext.size() <= e) bucketNext.add(-1);
        if (now >= 0) {
            windows.add(Math.min(at, now));
            windows.add(now);
        }
        if (now >= 0 && at <= now) {
            activate(e);
            return;
        }
        bucketNext.set(e, bucketHead[at]);
        bucketHead[at] = e;
    }

    private void activate(int e) {
        raise(fromSession.get(e), fromPos.get(e), fromNext.get(e), to.get(e), ACTIVATED, e);
    }

    /** Puts operation o (and its session prefix) into X, unless it is in the causal past C. */
    private void raise(int o, int cause, int causeKind, int causeVia) {
        raise(a.session(o), a.pos[o], g.nextSourced[o], cause, causeKind, causeVia);
    }

    /** {@link #raise(int, int, int, int)} for the operation at position q of session t, whose next sourced write is u. */
    private void raise(int t, int q, int u, int cause, int causeKind, int causeVia) {
        if (q <= x[t]) return;
        if (t == s) {
            if (q <= p) return;
        } else if (log != null) {
            if (q <= w.replay.end(t)) return;
        } else if (frontierRound[t] == roundStamp && (q <= pastEnd[t] || frontierNext[t] > p)) {
            if (q <= pastEnd[t]) return; // C's end in t is known and current: no memory access
        } else if (u >= 0 && w.afterCached(u, s) <= p) {
            return; // one question, rather than moving C's end in t (close and derive do that)
        }
        if (x[t] < 0) touched.add(t);
        if (!active[t]) {
            active[t] = true;
            activeSessions.add(t);
        }
        x[t] = q;
        if (eventPos[t] == null) {
            eventPos[t] = new IntList(4);
            eventNode[t] = new IntList(4);
            eventKind[t] = new IntList(4);
            eventVia[t] = new IntList(4);
        }
        eventPos[t].add(q);
        eventNode[t].add(cause);
        eventKind[t].add(causeKind);
        eventVia[t].add(causeVia);
        if (!onStack[t]) {
            onStack[t] = true;
            stack.add(t);
        }
    }

    /** o ≤co the operation at position p of s. */
    private boolean inCausalPast(int o) {
        return a.pos[o] <= causalPastEnd(a.session(o));
    }

    /**
     * The last position of session t in the causal past of position p of s, or -1. The causal past
     * only grows with p: the end moves to the last sourced write of t that entered it, found by
     * galloping forwards from the last one over t's sourced writes, when p reaches the position
     * where the next one enters.
     */
    private int causalPastEnd(int t) {
        if (t == s) return p;
        if (log != null) return w.replay.end(t);
        int[] ops = g.sourced[t];
        if (frontierRound[t] != roundStamp) {
            frontierRound[t] = roundStamp;
            frontierIndex[t] = -1;
            pastEnd[t] = -1;
            frontierNext[t] = ops.length > 0 ? w.afterCached(ops[0], s) : SparseRows.NONE;
        }
        if (frontierNext[t] > p) return pastEnd[t];
        int lo = frontierIndex[t] + 1, step = 1, hi; // ops[lo] is in C
        while (true) {
            hi = lo + step;
            if (hi >= ops.length || w.afterCached(ops[hi], s) > p) break;
            lo = hi;
            step <<= 1;
        }
        hi = Math.min(hi, ops.length) - 1;
        while (lo < hi) { // find the last one in C up to hi
            int mid = (lo + hi + 1) >>> 1;
            if (w.afterCached(ops[mid], s) <= p) lo = mid;
            else hi = mid - 1;
        }
        frontierIndex[t] = lo;
        pastEnd[t] = a.pos[ops[lo]];
        frontierNext[t] = lo + 1 < ops.length ? w.afterCached(ops[lo + 1], s) : SparseRows.NONE;
        return pastEnd[t];
    }

    /** Closes X backwards over session order, read-from and reversed D edges; false if the budget ran out. */
    private boolean close() {
        while (stack.size() > 0) {
            int t = stack.get(stack.size() - 1);
            stack.truncate(stack.size() - 1);
            onStack[t] = false;
            int[] ops = a.sessOps[t];
            int base = g.base[t];
            int q = Math.max(scanned[t], causalPastEnd(t)) + 1;
            for (; q <= x[t]; q++) {
                if (++steps > budget) return false;
                w.tick();
                int i = base + q;
                int st = g.srcSession[i];
                if (st >= 0) raise(st, g.srcPos[i], g.srcNext[i], ops[q], Analysis.EDGE_RF, -1);
                for (int e = inHead[i]; e >= 0; e = nextIn.get(e)) raise(fromSession.get(e), fromPos.get(e), fromNext.get(e), ops[q], kind.get(e), e);
            }
            scanned[t] = Math.max(scanned[t], x[t]);
        }
        return true;
    }

    /** At read r (position p): each session's last write of r's key in X, outside C, is ordered before r's source. */
    private boolean derive(int r) {
        int key = a.h.key.get(r);
        int w2 = a.src[r];
        for (int i = 0; i < activeSessions.size(); i++) {
            if (++steps > budget) return false;
            int t = activeSessions.get(i);
            if (x[t] <= causalPastEnd(t)) { // C caught up with X in t: nothing new there until X grows
                int last = activeSessions.size() - 1;
                activeSessions.set(i, activeSessions.get(last));
                activeSessions.truncate(last);
                active[t] = false;
                i--;
                continue;
            }
            int w1 = a.lastWriteOfKey(key, t, x[t]);
            if (w1 < 0 || w1 == w2 || inCausalPast(w1)) continue;
            if (!addEdge(w1, w2, r, Analysis.EDGE_HB)) continue;
            int e = from.size() - 1;
            justification.put(new Analysis.DerivedEdge(w1, w2, r), justify(w1, r));
            grew = true;
            schedule(e, p);
            int d = a.session(w2);
            if (a.pos[w2] <= scanned[d]) raise(w1, w2, Analysis.EDGE_HB, e);
            if (!close()) return false;
        }
        return true;
    }

    /**
     * A path w1 → … → r in (CO ∪ D), from the events that put w1 into X: each event names the
     * operation already in X (or, for an activation, the active edge into C) that pulled the
     * prefix in. Events only point to earlier events, so the walk ends.
     */
    private int[] justify(int w1, int r) {
        IntList out = new IntList();
        int cur = w1;
        for (int guard = 0; ; guard++) {
            Check.that(guard <= a.n, "the justification of a derived edge ends");
            int t = a.session(cur);
            IntList positions = eventPos[t];
            int i = 0;
            while (positions.get(i) < a.pos[cur]) i++;
            int head = a.sessOps[t][positions.get(i)];
            if (head != cur) quad(out, cur, head, Analysis.EDGE_PO, -1);
            int causeKind = eventKind[t].get(i), cause = eventNode[t].get(i), e = eventVia[t].get(i);
            if (causeKind == ACTIVATED) {
                quad(out, head, cause, kind.get(e), via.get(e));
                quad(out, cause, r, -1, -1);
                return out.toArray();
            }
            quad(out, head, cause, causeKind, e >= 0 ? via.get(e) : -1);
            cur = cause;
        }
    }

    private static void quad(IntList out, int f, int t, int k, int v) {
        out.add(f);
        out.add(t);
        out.add(k);
        out.add(v);
    }
}
