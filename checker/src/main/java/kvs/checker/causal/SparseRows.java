package kvs.checker.causal;

import java.util.Arrays;

/**
 * Rows of one position per session (vector clocks and their backward duals), stored sparsely so
 * that memory follows the sessions that are active around an operation, not all sessions.
 *
 * <p><b>Why it works.</b> Every session t has a "full" value: for a forward clock (the last
 * position of t in an operation's causal past), the last position of t that another session
 * reads from, {@code full[t]}, bounds every component of t in another session's clock; for a
 * backward row (the first position of t that an operation causally precedes), the first position
 * at which t reads from another session bounds it from below. Sessions are numbered in order of
 * first appearance, so around any operation the sessions numbered low have mostly ended (forward:
 * seen in full; backward: never reached) and those numbered high have not begun (forward: unseen;
 * backward: reached from their first read on). A row keeps a cut c and the sessions whose value
 * differs from the default, the default being, for a forward row, {@code full[t]} below c and -1
 * from c on; for a backward row, {@link #NONE} below c and {@code full[t]} from c on. What is left
 * are the sessions live around the operation: a few hundred at most on histories of any number of
 * sessions where a few hundred clients run at once.
 *
 * <p>A row is an {@code int[]}: {@code [cut, m, m0, ids[0..m), values[0..m)]}, ids ascending, m0 the
 * number of entries when its lineage was last re-cut (it is re-cut when it has grown by a quarter).
 * With few sessions (at most {@code denseMax}) plain arrays of k values are smaller and faster:
 * then every row is dense, and the accessors present it as k entries (ids 0..k-1), cut 0. Rows are
 * immutable once made, so one row is shared by every operation whose clock it is. Values never
 * pass the bound (forward: ≤ full; backward: ≥ full) except in explicit entries, so a join (pointwise
 * max forward, min backward) only ever needs to look at the entries of its two rows.
 */
final class SparseRows {
    static final int NONE = Integer.MAX_VALUE;

    private final int k;
    private final int[] full;
    private final boolean forward;
    /** Whether rows are plain arrays of k values (few sessions). */
    final boolean dense;
    /**
     * Whether each entry is one int, the session in the high half and the value in the low half
     * (0xFFFF for -1 forwards, NONE backwards): when there are at most 65,536 sessions and no
     * session is 65,535 operations long, which halves the rows of histories with many sessions.
     */
    final boolean narrow;
    /** The sessions whose two defaults differ (full[t] is a real position), ascending, and their count below each t. */
    private final int[] meaningful, meaningfulBelow;
    private int[] ids2 = new int[64], values2 = new int[64], explicitBelow = new int[65], explicitAbove = new int[65],
            explicitMeaningful = new int[65];
    /** The row of an operation that knows nothing: forward all -1 (cut 0), backward all NONE (cut k). */
    final int[] empty;
    private int[] ids = new int[64], values = new int[64];

    /** The same rows with scratch space of their own, for another thread (rows are immutable; only the scratch arrays are not). */
    SparseRows forThread() {
        return new SparseRows(this);
    }

    private SparseRows(SparseRows o) {
        this.k = o.k;
        this.full = o.full;
        this.forward = o.forward;
        this.dense = o.dense;
        this.narrow = o.narrow;
        this.empty = o.empty;
        this.meaningful = o.meaningful;
        this.meaningfulBelow = o.meaningfulBelow;
    }

    /** Rows over k sessions; dense when k ≤ denseMax. */
    SparseRows(int k, int[] full, boolean forward, int denseMax) {
        this(k, full, forward, denseMax, Integer.MAX_VALUE);
    }

    /** Rows over k sessions whose values are positions below {@code positions} (or none); dense when k ≤ denseMax, else narrow if they fit. */
    SparseRows(int k, int[] full, boolean forward, int denseMax, int positions) {
        this.k = k;
        this.full = full;
        this.forward = forward;
        this.dense = k <= denseMax;
        this.narrow = !dense && k <= 1 << 16 && positions < NARROW_NONE;
        if (dense) {
            empty = new int[k];
            Arrays.fill(empty, forward ? -1 : NONE);
        } else {
            empty = new int[] {forward ? 0 : k, 0, 0};
        }
        meaningfulBelow = new int[k + 1];
        IntList list = new IntList();
        for (int t = 0; t < k; t++) {
            boolean m = below(t) != above(t);
            if (m) list.add(t);
            meaningfulBelow[t + 1] = meaningfulBelow[t] + (m ? 1 : 0);
        }
        meaningful = list.toArray();
    }

    private int below(int t) {
        return forward ? full[t] : NONE;
    }

    private int above(int t) {
        return forward ? -1 : full[t];
    }

    /** Session t's full value: forwards, the last position of t that another session reads (the bound of every other clock). */
    int full(int t) {
        return full[t];
    }

    /** The sessions whose full value is a position (the others are -1 in every forward row), ascending. */
    int[] meaningful() {
        return meaningful;
    }

    int defaultValue(int cut, int t) {
        return t < cut ? below(t) : above(t);
    }

    private static final int NARROW_NONE = 0xFFFF;

    private int pack(int t, int v) {
        if (v == (forward ? -1 : NONE)) return t << 16 | NARROW_NONE;
        if (v < 0 || v >= NARROW_NONE) throw new IllegalStateException("position " + v + " does not fit a narrow row");
        return t << 16 | v;
    }

    private int unpackValue(int packed) {
        int v = packed & NARROW_NONE;
        return v == NARROW_NONE ? (forward ? -1 : NONE) : v;
    }

    /** The value of session t in the row. */
    int get(int[] row, int t) {
        if (dense) return row[t];
        int m = row[1];
        int lo = 0, hi = m - 1;
        if (narrow) {
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int packed = row[H + mid], id = packed >>> 16;
                if (id < t) lo = mid + 1;
                else if (id > t) hi = mid - 1;
                else return unpackValue(packed);
            }
            return defaultValue(row[0], t);
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int id = row[H + mid];
            if (id < t) lo = mid + 1;
            else if (id > t) hi = mid - 1;
            else return row[H + m + mid];
        }
        return defaultValue(row[0], t);
    }

    /** The cut: below it the default is the bound forwards, nothing backwards (0 for dense rows). */
    int cut(int[] row) {
        return dense ? 0 : row[0];
    }

    /** The explicit entries (k for dense rows). */
    int entries(int[] row) {
        return dense ? k : row[1];
    }

    /** The session of the i-th entry, ascending. */
    int id(int[] row, int i) {
        return dense ? i : narrow ? row[H + i] >>> 16 : row[H + i];
    }

    /** The value of the i-th entry. */
    int value(int[] row, int i) {
        return dense ? row[i] : narrow ? unpackValue(row[H + i]) : row[H + row[1] + i];
    }

    /** A row of cut c from m entries (ascending ids, their values) and the lineage count m0. */
    private int[] row(int c, int m, int m0, int[] ids, int[] values) {
        int[] row = new int[H + (narrow ? m : 2 * m)];
        row[0] = c;
        row[1] = m;
        row[2] = m0;
        if (narrow) {
            for (int i = 0; i < m; i++) row[H + i] = pack(ids[i], values[i]);
        } else {
            System.arraycopy(ids, 0, row, H, m);
            System.arraycopy(values, 0, row, H + m, m);
        }
        return row;
    }

    /** The header's length: cut, entries, entries at the last re-cut. */
    static final int H = 3;

    /**
     * The join of a, b and the single entry (pt, pv) (none when pt < 0): pointwise max for forward
     * rows, min for backward ones. Returns {@code a} itself when the join equals it, so that an
     * operation that learns nothing new shares its predecessor's row.
     */
    int[] join(int[] a, int[] b, int pt, int pv) {
        return join(a, b, pt, pv, null);
    }

    /**
     * {@link #join(int[], int[], int, int)}, appending to {@code log} (forward rows, when not
     * null) what changed, as {@link ClockLog} records: first, if b's cut is above a's, the range
     * between them (its sessions, unless listed after it, now have their full value), then each
     * session whose value changed, and each in that range whose value is not its full one.
     */
    int[] join(int[] a, int[] b, int pt, int pv, IntList log) {
        if (dense) return joinDense(a, b, pt, pv, log);
        int ca = a[0], cb = b[0];
        boolean logged = log != null && forward;
        if (logged && ca < cb) ClockLog.range(log, ca, cb);
        int c = forward ? Math.max(ca, cb) : Math.min(ca, cb);
        int ma = a[1], mb = b[1];
        int capacity = ma + mb + 1;
        if (ids.length < capacity) {
            ids = new int[Math.max(capacity, ids.length * 2)];
            values = new int[ids.length];
        }
        boolean changed = c != ca;
        int i = 0, j = 0, m = 0;
        boolean pointLeft = pt >= 0;
        while (i < ma || j < mb || pointLeft) {
            int ta = i < ma ? id(a, i) : NONE;
            int tb = j < mb ? id(b, j) : NONE;
            int tp = pointLeft ? pt : NONE;
            int t = Math.min(ta, Math.min(tb, tp));
            int va = t == ta ? value(a, i++) : defaultValue(ca, t);
            int vb = t == tb ? value(b, j++) : defaultValue(cb, t);
            int v = forward ? Math.max(va, vb) : Math.min(va, vb);
            if (t == tp) {
                v = forward ? Math.max(v, pv) : Math.min(v, pv);
                pointLeft = false;
            }
            if (v != va) changed = true;
            if (logged && (t >= ca && t < cb ? v != full[t] : v != va)) ClockLog.value(log, t, v);
            if (v != defaultValue(c, t)) {
                ids[m] = t;
                values[m++] = v;
            }
        }
        if (!changed) return a;
        int lineage = a[2];
        if (m <= lineage + (lineage >> 2) + 4) return encodeAsIs(c, m, lineage);
        return normalized(c, m);
    }

    /** A new row equal to {@code row} except that session t has the value v (which may lie on either side of the bound). */
    int[] with(int[] row, int t, int v) {
        if (dense) {
            int[] out = row.clone();
            out[t] = v;
            return out;
        }
        int c = row[0], m = row[1];
        int[] outIds = new int[m + 1], outValues = new int[m + 1];
        int n = 0;
        boolean placed = false;
        for (int i = 0; i <= m; i++) {
            int id = i < m ? id(row, i) : NONE;
            if (!placed && t <= id) {
                placed = true;
                if (v != defaultValue(c, t)) {
                    outIds[n] = t;
                    outValues[n++] = v;
                }
                if (id == t) continue;
            }
            if (i == m) break;
            outIds[n] = id;
            outValues[n++] = value(row, i);
        }
        return row(c, n, Math.min(row[2], n), outIds, outValues);
    }

    /** Dense rows only: joins b and the point into a, which the caller owns, in place; returns a. */
    int[] joinInto(int[] a, int[] b, int pt, int pv) {
        Check.that(dense, "only dense rows are joined in place");
        for (int t = 0; t < k; t++) a[t] = forward ? Math.max(a[t], b[t]) : Math.min(a[t], b[t]);
        if (pt >= 0) a[pt] = forward ? Math.max(a[pt], pv) : Math.min(a[pt], pv);
        return a;
    }

    private int[] joinDense(int[] a, int[] b, int pt, int pv, IntList log) {
        int[] out = null;
        for (int t = 0; t < k; t++) {
            int v = forward ? Math.max(a[t], b[t]) : Math.min(a[t], b[t]);
            if (t == pt) v = forward ? Math.max(v, pv) : Math.min(v, pv);
            if (v != a[t]) {
                if (out == null) out = a.clone();
                out[t] = v;
                if (log != null && forward) ClockLog.value(log, t, v);
            }
        }
        return out == null ? a : out;
    }

    private int[] encodeAsIs(int c, int m, int lineage) {
        return row(c, m, lineage, ids, values);
    }

    /**
     * The row of the m entries in the scratch arrays under cut c, re-cut where it has the fewest
     * entries: cost(c') counts the explicit entries that differ from their default under c', and
     * the sessions between c and c' whose implicit value (default under c) becomes explicit. The
     * cost only changes at an entry, so the candidates are the entries' ids (and one past each).
     */
    private int[] normalized(int c, int m) {
        if (explicitBelow.length < m + 1) {
            explicitBelow = new int[2 * m + 1];
            explicitAbove = new int[explicitBelow.length];
            explicitMeaningful = new int[explicitBelow.length];
        }
        explicitBelow[0] = 0;
        explicitMeaningful[0] = 0;
        for (int i = 0; i < m; i++) {
            int t = ids[i];
            explicitBelow[i + 1] = explicitBelow[i] + (values[i] != below(t) ? 1 : 0);
            explicitMeaningful[i + 1] = explicitMeaningful[i] + (below(t) != above(t) ? 1 : 0);
        }
        explicitAbove[m] = 0;
        for (int i = m - 1; i >= 0; i--) explicitAbove[i] = explicitAbove[i + 1] + (values[i] != above(ids[i]) ? 1 : 0);
        int best = c, bestCost = m;
        int idxC = lowerBound(ids, m, c);
        // Candidates: 0, k, and just before and just after each entry (idx = the entries below the cut).
        for (int i = -1; i <= m; i++) {
            int cut = i < 0 ? 0 : i == m ? k : ids[i];
            int idx = i < 0 ? 0 : i;
            for (int after = 0; after < 2; after++) {
                if (after == 1) {
                    if (i < 0 || i == m) break;
                    cut = ids[i] + 1;
                    idx = i + 1;
                }
                int cost = explicitBelow[idx] + explicitAbove[idx] + implicitCost(c, idxC, cut, idx);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = cut;
                }
            }
        }
        return encode(c, m, best, bestCost);
    }

    /** The sessions between the cuts c and c2 whose implicit value is not a default under c2. */
    private int implicitCost(int c, int idxC, int c2, int idx2) {
        int lo = Math.min(c, c2), hi = Math.max(c, c2);
        int explicitInRange = Math.abs(explicitMeaningful[Math.max(idxC, idx2)] - explicitMeaningful[Math.min(idxC, idx2)]);
        return meaningfulBelow[hi] - meaningfulBelow[lo] - explicitInRange;
    }

    /** The first index below m whose value is at least t in an ascending array (m if none). */
    static int lowerBound(int[] sorted, int m, int t) {
        int lo = 0, hi = m;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Encodes the scratch entries (under cut c) as a row under cut c2, with the implicit values between the cuts made explicit. */
    private int[] encode(int c, int m, int c2, int expected) {
        if (ids2.length < expected) {
            ids2 = new int[Math.max(expected, 2 * ids2.length)];
            values2 = new int[ids2.length];
        }
        int lo = Math.min(c, c2), hi = Math.max(c, c2);
        int g = lowerBound(meaningful, meaningful.length, lo);
        int i = 0, out = 0;
        while (i < m || (g < meaningful.length && meaningful[g] < hi)) {
            int te = i < m ? ids[i] : NONE;
            int tm = g < meaningful.length && meaningful[g] < hi ? meaningful[g] : NONE;
            int t, v;
            if (te <= tm) {
                t = te;
                v = values[i++];
                if (tm == te) g++;
            } else {
                t = tm;
                v = defaultValue(c, t);
                g++;
            }
            if (v != defaultValue(c2, t)) {
                ids2[out] = t;
                values2[out++] = v;
            }
        }
        Check.that(out == expected, "a re-cut row has the entries its cost counted (%d, %d)", out, expected);
        return row(c2, out, out, ids2, values2);
    }

    /** The row as a dense array of k values (for tests and the explainer). */
    int[] dense(int[] row, int k) {
        if (dense) return row.clone();
        int[] out = new int[k];
        for (int t = 0; t < k; t++) out[t] = defaultValue(row[0], t);
        for (int i = 0; i < row[1]; i++) out[id(row, i)] = value(row, i);
        return out;
    }

    @Override
    public String toString() {
        return (forward ? "forward" : "backward") + " rows over " + full.length + " sessions, full " + Arrays.toString(full);
    }
}
