package kvs.checker.causal;

/**
 * The history of one session's forward clock, recorded by the forward pass as it changes, so
 * that the cm check of the session can replay its causal past position by position: "is o in the
 * causal past of position p?" becomes an array lookup instead of a search in o's backward row.
 *
 * <p>A log is a sequence of int pairs: {@code (-1, p)} opens the changes at position p of the
 * session (the clock after that position's operation); {@code (t, v)} with t ≥ 0 sets session
 * t's end to v; {@code (-2 - lo, hi)} sets every session in [lo, hi) to its full value (the cut
 * of a sparse row rose from lo to hi: see {@link SparseRows}), before the pairs that follow it
 * name the exceptions. Clocks only grow, so replaying the records of positions up to p gives
 * the clock at p exactly.
 */
final class ClockLog {
    private ClockLog() {}

    static void position(IntList log, int p) {
        log.add(-1);
        log.add(p);
    }

    static void value(IntList log, int t, int v) {
        log.add(t);
        log.add(v);
    }

    static void range(IntList log, int lo, int hi) {
        log.add(-2 - lo);
        log.add(hi);
    }

    /**
     * Replays one log: {@link #advanceTo(int)} applies the records of the positions up to p, and
     * {@link #end(int)} is then the last position of session t in the causal past of position p
     * (-1 if none). Reused from log to log: a reset costs nothing (entries carry a stamp).
     */
    static final class Replay {
        private final SparseRows rows;
        private final int[] value, stamp;
        private int current;
        private int[] log;
        private int cursor;

        Replay(SparseRows rows, int k) {
            this.rows = rows;
            value = new int[k];
            stamp = new int[k];
        }

        void reset(int[] log) {
            this.log = log;
            cursor = 0;
            if (++current == Integer.MAX_VALUE) {
                java.util.Arrays.fill(stamp, 0);
                current = 1;
            }
        }

        /** Applies the records of every position up to p (positions only move forwards between resets). */
        void advanceTo(int p) {
            int[] l = log;
            int i = cursor;
            while (i < l.length) {
                Check.that(l[i] == -1, "a clock log's records start with a position");
                if (l[i + 1] > p) break;
                i += 2;
                while (i < l.length && l[i] != -1) {
                    int a = l[i], b = l[i + 1];
                    if (a >= 0) set(a, b);
                    else setFull(-2 - a, b);
                    i += 2;
                }
            }
            cursor = i;
        }

        private void set(int t, int v) {
            value[t] = v;
            stamp[t] = current;
        }

        private void setFull(int lo, int hi) {
            int[] m = rows.meaningful();
            for (int g = SparseRows.lowerBound(m, m.length, lo); g < m.length && m[g] < hi; g++) set(m[g], rows.full(m[g]));
        }

        /** The last position of session t in the causal past of the position advanced to, or -1. */
        int end(int t) {
            return stamp[t] == current ? value[t] : -1;
        }
    }
}
