package kvs.checker.causal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The causal analysis of one history, after Bouajjani, Enea, Guerraoui and Hamza (POPL 2017),
 * in O(n·k) time for n operations and k sessions (the approach of AWDIT, PLDI 2025): vector
 * clocks over session positions, never a graph closure, never recursion.
 *
 * <p><b>Theory of operation.</b> Failed operations did not happen and are dropped. An {@code info}
 * put counts if and only if some read returned its value; an {@code info} get returned nothing
 * and is dropped; an {@code info} delete may be the source of a read of an absent key but never
 * overwrites anything. Every read of a value names its one write (values are unique; if two
 * writes share a value the history is not checkable in polynomial time and the analysis stops).
 * Causal order CO is (session order ∪ read-from)⁺. A read of an absent key has several candidate
 * sources (the initial state and each delete of the key); it adds no read-from edge and is
 * reported only when every candidate is ruled out, so no violation is reported that some choice
 * of source would avoid (all bad patterns are monotone in CO, so fewer edges never add one).
 *
 * <p>Passes: (1) a topological order of CO (Kahn, one pointer per session), whose failure is
 * CyclicCO; (2) backwards, for each write that is read and each delete, the first position of
 * each session that it causally precedes ({@code after}); (3) forwards, each session's vector
 * clock, and for each key the session reads, the last write of each session in its causal past;
 * a read of w0 is WriteCORead if some such write w1 comes after w0 ({@code after(w0)[t] ≤
 * lastPos[t]}), and each past write concurrent with w0 gives a conflict edge w1 → w0 (CF,
 * reduced to at most one per session and read); with few sessions (dense rows) and many
 * operations the sessions are split among lanes on every core ({@link #forwardPassDenseLanes}).
 * CyclicCF is then a cycle in CO ∪ CF, found by a second Kahn pass.
 */
final class Analysis {
    static final byte R_NONE = 0, R_PUT = 1, R_DEL = 2, R_DEL_INFO = 3, R_READ = 4, R_ABSENT = 5, R_THIN = 6;
    static final int EDGE_PO = 0, EDGE_RF = 1, EDGE_CF = 2, EDGE_HB = 3;
    private static final int INF = Integer.MAX_VALUE;

    final History h;
    private final long deadlineNanos;
    final int n;
    final int k;
    final byte[] role;
    final int[] src;
    final int[] pos;
    int[][] sessOps;
    /**
     * The backward rows: for each write that is read, each delete and each absent read, the first
     * position of each session that it causally precedes ({@link #after(int, int)}), sparse and
     * shared between consecutive operations of a session that learn nothing new.
     */
    private int[][] afterRow;
    private SparseRows back, fwd;
    /** Per key, its writes (puts and ok deletes) by (session, position); per key, the sessions that write it and where each one's writes start. */
    private int[][] keyWrites, keyWritePos, keySessions, keySessionStart;
    private int[] readerCount;
    final List<Finding> findings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    boolean duplicates;
    boolean coCyclic;
    boolean cmIncomplete;
    private IntList[] deletesOnKey;
    IntList[] writesOnKey;
    private final IntList cfFrom = new IntList(), cfTo = new IntList(), cfRead = new IntList();
    private int steps;
    /** Set when a cm worker failed or ran out of time: the others stop at their next check. */
    private volatile boolean cmStop;
    private final java.util.BitSet initReadReported = new java.util.BitSet();
    /** Reads that are WriteCORead: they justify no conflict edge (the history is invalid anyway). */
    final java.util.BitSet violatingRead = new java.util.BitSet();
    /** A derived (hb-justified) conflict edge: w1 → w2 because read r of w2 came after w1 in hb. */
    record DerivedEdge(int from, int to, int read) {}
    /** For each derived edge of a cm finding, the path w1 → … → r that justifies it: quadruples (from, to, kind, via). */
    final Map<DerivedEdge, int[]> hbJustification = new HashMap<>();
    /** Bounds the memory of the conflict relation; past it the ccv and cm results are unknown. */
    static final int CF_EDGES_MAX = 40_000_000;
    /** The cap for this run (tests set it): at most an eighth of the heap (12 bytes an edge), and never over CF_EDGES_MAX. */
    int cfEdgesMax = (int) Math.min(CF_EDGES_MAX, Runtime.getRuntime().maxMemory() / 8 / 12);
    boolean cfOverflow;
    private static final int CLASSIFIED_MAX = 500;
    private int[] topo;
    /** Each kept operation's place in the topological order: a ≤co b needs topoIndex[a] ≤ topoIndex[b]. */
    private int[] topoIndex;
    private int kept;

    Analysis(History h, long deadlineNanos) {
        this.h = h;
        this.deadlineNanos = deadlineNanos;
        this.n = h.size();
        this.k = h.sessionCount();
        this.role = new byte[n];
        this.src = new int[n];
        this.pos = new int[n];
    }

    /** CPU milliseconds spent in each phase, for the benchmark. */
    final Map<String, Long> phaseMillis = new java.util.LinkedHashMap<>();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private long phaseStart = cpuNanos();

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** All the CPU time of the helper threads (cm, its preparation, the forward pass's lanes; counted into the phase in which they end; the benchmark adds it to the checking thread's). */
    final java.util.concurrent.atomic.AtomicLong helperCpuTotalNanos = new java.util.concurrent.atomic.AtomicLong();
    /** The part of {@link #helperCpuTotalNanos} already counted into a phase. */
    private long helperCpuCounted;

    /** Wall-clock milliseconds of each phase. */
    final Map<String, Long> phaseWallMillis = new java.util.LinkedHashMap<>();
    private long phaseWallStart = System.nanoTime();

    private void phase(String name) {
        long now = cpuNanos(), wall = System.nanoTime();
        long helpers = helperCpuTotalNanos.get();
        phaseMillis.put(name, (now - phaseStart + helpers - helperCpuCounted) / 1_000_000);
        helperCpuCounted = helpers;
        phaseWallMillis.put(name, (wall - phaseWallStart) / 1_000_000);
        phaseStart = now;
        phaseWallStart = wall;
    }

    void run() {
        phaseStart = cpuNanos();
        phaseWallStart = System.nanoTime();
        if (h.continuations() > 0) {
            notes.add(h.continuations() + " session(s) went on after an info outcome; each continuation was checked as a new "
                    + "session (named with a ~N suffix), as the format requires.");
        }
        assignRoles();
        phase("roles");
        if (duplicates) return;
        buildSessions();
        if (k < clockLogsMinSessions) clockLogsOff = true;
        phase("sessions");
        if (!topologicalOrder()) return;
        phase("topological order");
        // Dense mode builds the per-key write lists for cm only: they are built, with the rest of cm's
        // preparation, beside the backward pass (the one pass with a core to spare).
        if (k <= denseSessionsMax) cmPrep = new CmPrep();
        try {
            computeAfter();
            if (!fwd.dense) buildKeyWrites(); // the sparse forward pass walks the writers of each key
        } catch (RuntimeException | Error e) {
            if (cmPrep != null) cmPrep.await();
            throw e;
        }
        phase("after rows");
        startEarlyCausalMemory();
        try {
            forwardPass();
            phase("forward pass");
            checkCyclicCF();
            phase("CyclicCF");
            checkConvergence();
            phase("convergence");
            // Last, and alone in its time: cm is the costliest check and decides no verdict but --model
            // cm's, so when the time limit runs out inside it only cm is unknown.
            try {
                if (System.nanoTime() - deadlineNanos > 0) throw new TimeUp();
                checkCausalMemory();
            } catch (TimeUp e) {
                cmIncomplete = true;
                notes.add("The time limit ran out before the causal-memory (cm) check finished; the cm result is unknown"
                        + " (every other check finished; --time-limit gives more time).");
            }
        } finally {
            // On every way out (a time limit or an error in an earlier check too), no cm thread is left waiting.
            if (early != null) early.abandon();
            early = null;
        }
        phase("causal memory");
    }

    // ---- preparation -------------------------------------------------------------------

    /**
     * Values are unique per key (the same text written to two keys is harmless: a read names its
     * key): the table holds the first put of each (key, value) that did not fail.
     */
    private WriterTable writers;

    private void assignRoles() {
        Map<String, Integer> failedWriterOf = new HashMap<>();
        int puts = 0;
        for (int o = 0; o < n; o++) if (h.kind(o) == History.PUT) puts++;
        writers = new WriterTable(h, puts);
        for (int o = 0; o < n; o++) {
            if (h.kind(o) != History.PUT) continue;
            if (h.outcome(o) == History.FAIL) {
                failedWriterOf.putIfAbsent(h.value.get(o), o);
                continue;
            }
            int previous = writers.putIfAbsent(o);
            if (previous >= 0) {
                duplicates = true;
                findings.add(new Finding("duplicate-values", "DuplicateValue", h.key.get(o) + ":" + h.value.get(o), new int[] {previous, o}));
            }
        }
        if (duplicates) return;
        readerCount = new int[n];
        Arrays.fill(src, -1);
        for (int o = 0; o < n; o++) {
            if (h.kind(o) != History.GET) continue;
            if (h.outcome(o) != History.OK) continue;
            if (!h.found(o)) {
                role[o] = R_ABSENT;
                continue;
            }
            int w = writers.get(h.key.get(o), h.value.get(o));
            if (w < 0) {
                role[o] = R_THIN;
                // The explanation names a failed put of the value, or else a put of it on another key.
                Integer failed = failedWriterOf.get(h.value.get(o));
                if (failed == null) {
                    if (writerOfAnyKey == null) writerOfAnyKey = firstWriterOfEachValue();
                    failed = writerOfAnyKey.get(h.value.get(o));
                }
                findings.add(new Finding("thin-air", "ThinAirRead", h.value.get(o),
                        failed == null ? new int[] {o} : new int[] {o, failed}));
                continue;
            }
            role[o] = R_READ;
            src[o] = w;
            readerCount[w]++;
        }
        for (int o = 0; o < n; o++) {
            int kind = h.kind(o), outcome = h.outcome(o);
            if (kind == History.PUT) {
                if (outcome == History.OK || (outcome == History.INFO && readerCount[o] > 0)) role[o] = R_PUT;
            } else if (kind == History.DELETE) {
                if (outcome == History.OK) role[o] = R_DEL;
                else if (outcome == History.INFO) role[o] = R_DEL_INFO;
            }
        }
    }

    /** For thin-air reads only: the first put (that did not fail) of each value text, on any key. */
    private Map<String, Integer> writerOfAnyKey;

    private Map<String, Integer> firstWriterOfEachValue() {
        Map<String, Integer> first = new HashMap<>();
        for (int o = 0; o < n; o++) if (h.kind(o) == History.PUT && h.outcome(o) != History.FAIL) first.putIfAbsent(h.value.get(o), o);
        return first;
    }

    private void buildSessions() {
        int[] counts = new int[k];
        for (int o = 0; o < n; o++) if (role[o] != R_NONE) counts[h.session.get(o)]++;
        sessOps = new int[k][];
        for (int s = 0; s < k; s++) sessOps[s] = new int[counts[s]];
        Arrays.fill(counts, 0);
        int keys = h.keyNames.size();
        deletesOnKey = new IntList[keys];
        writesOnKey = new IntList[keys];
        for (int o = 0; o < n; o++) {
            if (role[o] == R_NONE) continue;
            int s = h.session.get(o);
            int x = h.key.get(o);
            pos[o] = counts[s];
            sessOps[s][counts[s]++] = o;
            kept++;
            if (role[o] == R_DEL || role[o] == R_DEL_INFO) {
                if (deletesOnKey[x] == null) deletesOnKey[x] = new IntList(4);
                deletesOnKey[x].add(o);
            }
            if (role[o] == R_PUT || role[o] == R_DEL) {
                if (writesOnKey[x] == null) writesOnKey[x] = new IntList(4);
                writesOnKey[x].add(o);
            }
        }
    }

    /** Per key, the writes by (session, position): sessions in order, so each list is sorted as it is built. */
    private void buildKeyWrites() {
        int keys = h.keyNames.size();
        int[] count = new int[keys];
        for (int t = 0; t < k; t++) for (int o : sessOps[t]) if (isWrite(o)) count[h.key.get(o)]++;
        keyWrites = new int[keys][];
        for (int x = 0; x < keys; x++) keyWrites[x] = new int[count[x]];
        IntList[] sessionsOf = new IntList[keys];
        IntList[] startsOf = new IntList[keys];
        Arrays.fill(count, 0);
        for (int t = 0; t < k; t++) {
            for (int o : sessOps[t]) {
                if (!isWrite(o)) continue;
                int x = h.key.get(o);
                if (sessionsOf[x] == null) {
                    sessionsOf[x] = new IntList(4);
                    startsOf[x] = new IntList(4);
                }
                IntList ss = sessionsOf[x];
                if (ss.size() == 0 || ss.get(ss.size() - 1) != t) {
                    ss.add(t);
                    startsOf[x].add(count[x]);
                }
                keyWrites[x][count[x]++] = o;
            }
        }
        keySessions = new int[keys][];
        keySessionStart = new int[keys][];
        keyWritePos = new int[keys][];
        for (int x = 0; x < keys; x++) {
            int[] writes = keyWrites[x];
            int[] positions = new int[writes.length];
            for (int i = 0; i < writes.length; i++) positions[i] = pos[writes[i]];
            keyWritePos[x] = positions;
        }
        for (int x = 0; x < keys; x++) {
            if (sessionsOf[x] == null) {
                keySessions[x] = new int[0];
                keySessionStart[x] = new int[] {0};
                continue;
            }
            keySessions[x] = sessionsOf[x].toArray();
            startsOf[x].add(count[x]);
            keySessionStart[x] = startsOf[x].toArray();
        }
    }

    /** The last write of key x in session t at a position ≤ q, or -1. */
    int lastWriteOfKey(int x, int t, int q) {
        if (q < 0) return -1;
        int g = Arrays.binarySearch(keySessions[x], t);
        return g < 0 ? -1 : lastWriteOfKeyAt(x, g, q);
    }

    /** The last write of key x by its g-th writing session at a position ≤ q, or -1. */
    private int lastWriteOfKeyAt(int x, int g, int q) {
        if (q < 0) return -1;
        int[] positions = keyWritePos[x];
        int lo = keySessionStart[x][g], hi = keySessionStart[x][g + 1] - 1;
        if (positions[hi] <= q) return keyWrites[x][hi]; // the common case: all of them
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (positions[mid] <= q) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? -1 : keyWrites[x][found];
    }

    void tick() {
        if ((++steps & 0x3FFF) == 0 && System.nanoTime() - deadlineNanos > 0) throw new TimeUp();
    }

    /** A batch of work done in one go: checks the time limit once. */
    void steps(long count) {
        if (count > 0x3FFF && System.nanoTime() - deadlineNanos > 0) throw new TimeUp();
    }

    int session(int o) {
        return h.session.get(o);
    }

    IntList writesOnKey(int x) {
        return writesOnKey[x];
    }

    boolean isWrite(int o) {
        return role[o] == R_PUT || role[o] == R_DEL;
    }

    // ---- pass 1: a topological order of CO, or a cycle ----------------------------------

    private boolean topologicalOrder() {
        topo = new int[kept];
        topoIndex = new int[n];
        boolean[] done = new boolean[n];
        int[] ptr = new int[k];
        int[] waitOn = new int[k];
        Arrays.fill(waitOn, -1);
        int[] waiterHead = new int[n];
        Arrays.fill(waiterHead, -1);
        int[] waiterNext = new int[k];
        ArrayDeque<Integer> runnable = new ArrayDeque<>();
        for (int s = 0; s < k; s++) runnable.add(s);
        int count = 0;
        while (!runnable.isEmpty()) {
            int s = runnable.poll();
            int[] ops = sessOps[s];
            while (ptr[s] < ops.length) {
                tick();
                int o = ops[ptr[s]];
                if (role[o] == R_READ && !done[src[o]]) {
                    int w = src[o];
                    waitOn[s] = w;
                    waiterNext[s] = waiterHead[w];
                    waiterHead[w] = s;
                    break;
                }
                done[o] = true;
                topoIndex[o] = count;
                topo[count++] = o;
                ptr[s]++;
                for (int t = waiterHead[o]; t >= 0; t = waiterNext[t]) {
                    waitOn[t] = -1;
                    runnable.add(t);
                }
                waiterHead[o] = -1;
            }
        }
        Check.that(count <= kept, "the topological order holds each operation once");
        if (count == kept) return true;
        coCyclic = true;
        int[] cycle = coCycle(ptr, waitOn);
        findings.add(new Finding("cc", "CyclicCO", "cycle", cycle));
        // CO ⊆ CO ∪ CF and CO ⊆ hb_s: a cycle of causal order is a cycle of both, so ccv and cm are invalid with it.
        findings.add(new Finding("ccv", "CyclicCO", "cycle", cycle));
        findings.add(new Finding("cm", "CyclicCO", "cycle", cycle));
        notes.add("Causal order is cyclic, so the later checks (session guarantees, convergence) were not evaluated; "
                + "the cycle also makes ccv and cm invalid.");
        return false;
    }

    /** Follows "session s waits for write w of session t" until a session repeats. */
    private int[] coCycle(int[] ptr, int[] waitOn) {
        int start = -1;
        for (int s = 0; s < k; s++) if (waitOn[s] >= 0) { start = s; break; }
        int[] seenAt = new int[k];
        Arrays.fill(seenAt, -1);
        List<Integer> order = new ArrayList<>();
        int s = start;
        while (seenAt[s] < 0) {
            seenAt[s] = order.size();
            order.add(s);
            s = session(waitOn[s]);
        }
        List<Integer> cycleSessions = order.subList(seenAt[s], order.size());
        // Each session c waits at its head for write w = waitOn[c] in session d: head(d) →po* w →rf head(c).
        // Walk it forwards: head(d) →po* w →rf head(c), then head(c) →po* waitOn[prev]...
        IntList out = new IntList();
        int m = cycleSessions.size();
        for (int i = m - 1; i >= 0; i--) {
            int c = cycleSessions.get(i);
            int w = waitOn[c];
            int d = session(w);
            int head = sessOps[d][ptr[d]];
            if (head != w) {
                out.add(head);
                out.add(EDGE_PO);
                out.add(-1);
            }
            out.add(w);
            out.add(EDGE_RF);
            out.add(-1);
        }
        // The edge list now runs head(d_m) → w_m → head(c_m) = head(d_{m-1}) → ...; it closes on itself.
        return out.toArray();
    }

    // ---- pass 2: after[w][t] = first position of session t that w causally precedes (or equals)

    /**
     * Backwards over the topological order, each session's running row (without its own
     * component, which is the current position), joined with the rows that the readers of a
     * write left on it. Rows are shared: an operation whose row does not change keeps its
     * session's current one.
     */
    private void computeAfter() {
        int[] firstImport = new int[k];
        int[] lastExport = new int[k];
        Arrays.fill(firstImport, SparseRows.NONE);
        Arrays.fill(lastExport, -1);
        for (int o = 0; o < n; o++) {
            if (role[o] != R_READ) continue;
            int s = session(o), t = session(src[o]);
            if (s == t) continue;
            if (pos[o] < firstImport[s]) firstImport[s] = pos[o];
            if (pos[src[o]] > lastExport[t]) lastExport[t] = pos[src[o]];
        }
        int denseMax = denseSessionsMax;
        int positions = 0; // the longest session: rows are narrow when it is short enough
        for (int t = 0; t < k; t++) positions = Math.max(positions, sessOps[t].length);
        if (wideRows) positions = Integer.MAX_VALUE;
        back = new SparseRows(k, firstImport, false, denseMax, positions);
        fwd = new SparseRows(k, lastExport, true, denseMax, positions);
        afterRow = new int[n][];
        int[][] pending = new int[n][];
        int[][] run = new int[k][];
        Arrays.fill(run, back.empty);
        for (int i = kept - 1; i >= 0; i--) {
            tick();
            int o = topo[i];
            int s = session(o);
            int[] cur = run[s];
            int[] left = pending[o];
            if (left != null) {
                int[] joined = back.join(cur, left, -1, 0);
                if (joined != cur) {
                    rowInts += joined.length;
                    if (rowInts > rowIntsMax) checkRowMemory();
                }
                cur = joined;
                pending[o] = null;
                rowInts -= left.length;
                run[s] = cur;
            }
            if (left != null || role[o] == R_DEL || role[o] == R_DEL_INFO || role[o] == R_ABSENT) afterRow[o] = cur;
            if (role[o] == R_READ) {
                int w = src[o];
                int[] pw = pending[w] == null ? back.empty : pending[w];
                // A read of its own session's write adds nothing that session order does not, but marks w as read.
                int[] next;
                if (session(w) == s) next = pw;
                else if (back.dense && pending[w] != null && pw != back.empty) next = back.joinInto(pw, cur, s, pos[o]); // owned: in place
                else next = back.join(pw, cur, s, pos[o]);
                rowInts += next.length - (pending[w] == null ? 0 : pending[w].length);
                if (rowInts > rowIntsMax) checkRowMemory();
                pending[w] = next;
            }
        }
        for (int o = 0; o < n; o++) Check.that(pending[o] == null, "every read write #%d got its row", o);
    }

    /**
     * Up to this many sessions rows are plain arrays (smaller and faster than sparse ones when
     * most sessions are live); the system property lets the tests run the sparse rows on small
     * histories too.
     */
    static final int DENSE_SESSIONS_MAX = 256;
    static final String DENSE_SESSIONS_MAX_PROPERTY = "kvs.check.denseSessionsMax";
    /** The bound of this analysis (tests set it). */
    int denseSessionsMax = Integer.getInteger(DENSE_SESSIONS_MAX_PROPERTY, DENSE_SESSIONS_MAX);
    /** Sparse rows keep two ints an entry even when one would do (tests run both encodings). */
    boolean wideRows;

    /**
     * The ints held by the backward rows (stored, and left on writes by their readers), and their
     * bound: a third of the heap not in use. The first estimate counts garbage as in use; when the
     * rows reach it, a full collection measures what is really free and the bound is set again (at
     * most five times), so a history that fits is not refused, and one that does not gets an
     * answer (unknown, with the reason) instead of an out-of-memory error.
     */
    private long rowInts;
    private long rowIntsMax = freeHeapBytes() / 3 / 4;
    private int rowMemoryChecks;

    private static long freeHeapBytes() {
        Runtime rt = Runtime.getRuntime();
        return Math.max(0, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
    }

    private void checkRowMemory() {
        if (rowMemoryChecks++ < 5) {
            System.gc();
            long next = rowInts + freeHeapBytes() / 3 / 4;
            if (next > rowInts + rowInts / 8) {
                rowIntsMax = next;
                return;
            }
        }
        throw new TooLarge("the causal pasts of its operations need more than " + (rowInts >> 18)
                + " MB, over a third of the heap left after reading it");
    }

    /** The first position of session t that o causally precedes or equals (NONE if none), for o with a row. */
    int after(int o, int t) {
        return t == session(o) ? pos[o] : back.get(afterRow[o], t);
    }

    /** Whether o is a put that some read returned (so it has a backward row); known before the rows are. */
    boolean isReadPut(int o) {
        return role[o] == R_PUT && readerCount[o] > 0;
    }

    /** Whether o has a backward row: a write that is read, a delete, an absent read (and the rows were computed). */
    boolean hasAfter(int o) {
        return afterRow != null && afterRow[o] != null;
    }

    /** The last position of session t in the causal past of write w that is read (its clock, kept until its last reader). */
    private int clockOf(int[] clock, int w, int t) {
        return t == session(w) ? pos[w] : fwd.get(clock, t);
    }

    /** a ≤co b, for a with an {@code after} row (a write that is read, or a delete). */
    boolean precedesOrEquals(int a, int b) {
        if (topoIndex[a] > topoIndex[b]) return false; // b comes first in a topological order: not a ≤co b
        return after(a, session(b)) <= pos[b];
    }

    // ---- pass 3: forwards, vector clocks, last writes per key, the read checks -----------

    /** The state of a session in the forward pass, from its first operation to its last. */
    private final class Live {
        final int s;
        /** Where what is found at the session's reads goes. */
        final Recorder rec;
        /** The causal past: for each other session, its last position in it (own position implicit). */
        int[] clock = fwd.empty;
        /** The history of the clock, for the session's cm check ({@link ClockLog}); null once the logs outgrow their bound. */
        IntList log = clockLogsOff ? null : new IntList(8);
        /** Without a log: the clock at each of the session's absent reads, for its cm check ({@link #keepReaderClock}); null if none is kept. */
        int[][] readerClocks = clockLogsOff && !readerClocksOff ? new int[8][] : null;
        int readerClockCount;
        /** For each session read from, the last position read (sparse mode; dense mode: an array over sessions). */
        private final IntIntMap readMaxPos;
        private final int[] readMaxPosDense;
        /** For each key read, the write the last read returned, or SOURCE_ABSENT (sparse mode; dense mode: by slot). */
        private final IntIntMap lastReadSource;
        final int[] lastReadSourceBySlot;

        /** Dense mode only: the keys the session reads, and per (key, session) the last write of it in the past. */
        final KeySlots slots;
        final int[] lastPos;

        /** Sparse mode. */
        Live(int s, Recorder rec) {
            this.s = s;
            this.rec = rec;
            readMaxPos = new IntIntMap();
            lastReadSource = new IntIntMap();
            readMaxPosDense = null;
            lastReadSourceBySlot = null;
            slots = null;
            lastPos = null;
        }

        /** Dense mode: plain arrays over sessions and over the keys the session reads. */
        Live(int s, KeySlots slots, Recorder rec) {
            this.s = s;
            this.rec = rec;
            this.slots = slots;
            clock = fwd.empty.clone();
            lastPos = new int[slots.size() * k];
            Arrays.fill(lastPos, -1);
            readMaxPos = null;
            lastReadSource = null;
            readMaxPosDense = new int[k];
            Arrays.fill(readMaxPosDense, -1);
            lastReadSourceBySlot = new int[slots.size()];
            Arrays.fill(lastReadSourceBySlot, -1);
        }

        int readMax(int t) {
            return readMaxPosDense != null ? readMaxPosDense[t] : readMaxPos.get(t, -1);
        }

        void noteRead(int t, int p) {
            if (readMaxPosDense != null) {
                if (p > readMaxPosDense[t]) readMaxPosDense[t] = p;
            } else if (p > readMaxPos.get(t, -1)) {
                readMaxPos.put(t, p);
            }
        }

        /** The sessions read from, ascending. */
        int[] readSessions() {
            if (readMaxPos != null) return readMaxPos.sortedKeys();
            IntList out = new IntList();
            for (int t = 0; t < k; t++) if (readMaxPosDense[t] >= 0) out.add(t);
            return out.toArray();
        }

        int lastSource(int x) {
            return lastReadSourceBySlot != null ? lastReadSourceBySlot[slots.slot(x)] : lastReadSource.get(x, -1);
        }

        void lastSource(int x, int w) {
            if (lastReadSourceBySlot != null) lastReadSourceBySlot[slots.slot(x)] = w;
            else lastReadSource.put(x, w);
        }
    }

    /**
     * Where the forward pass puts what it finds at reads: conflict edges, findings, the reads found
     * violating, the absent reads found WriteCOInitRead, and the budgets it spends (the cap on
     * conflict edges, the memory for the absent reads' clocks). On one thread there is one, and it
     * writes into the analysis's own lists. When the dense forward pass runs on several threads
     * ({@link #forwardPassDenseLanes}), each has its own, which tags what it records with the place
     * in the topological order where it found it; {@link #mergeRecorders} then merges them in that
     * order, so the lists are the one thread's, item for item.
     */
    private final class Recorder {
        final IntList cfFrom, cfTo, cfRead;
        final List<Finding> findings;
        final java.util.BitSet violatingRead, initReadReported;
        /** The indices of each session's conflict edges (one thread only: lanes list them after the merge). */
        final IntList[] cfBySession;
        /** Lanes only: per finding, its place in the topological order and its classification (an index into classifiedAt, or -1). */
        final IntList findingAt, findingEvent, classifiedAt;
        /** The place in the topological order of the operation being checked (lanes only). */
        int at;
        /** The classification under way (lanes only), or -1. */
        private int event = -1;
        /** Violating reads classified into session guarantees, or that would have been past the bound. */
        int classified;
        private final int cfMax;
        /** The list {@link #lastWritesInPastDense} fills (used before the next absent read). */
        final IntList pastScratch = new IntList(256);
        long readerClockInts;
        final long readerClockIntsMax;
        boolean readerClocksOff = Analysis.this.readerClocksOff;
        private int ticks;

        /** Of the one thread (tagged false), or of one of {@code lanes} lanes (each gets that share of the budgets). */
        Recorder(boolean tagged, int lanes) {
            cfMax = cfEdgesMax / lanes;
            readerClockIntsMax = Analysis.this.readerClockIntsMax / lanes;
            if (tagged) {
                cfFrom = new IntList();
                cfTo = new IntList();
                cfRead = new IntList();
                findings = new ArrayList<>();
                violatingRead = new java.util.BitSet();
                initReadReported = new java.util.BitSet();
                cfBySession = null;
                findingAt = new IntList();
                findingEvent = new IntList();
                classifiedAt = new IntList();
            } else {
                cfFrom = Analysis.this.cfFrom;
                cfTo = Analysis.this.cfTo;
                cfRead = Analysis.this.cfRead;
                findings = Analysis.this.findings;
                violatingRead = Analysis.this.violatingRead;
                initReadReported = Analysis.this.initReadReported;
                cfBySession = Analysis.this.cfBySession;
                findingAt = findingEvent = classifiedAt = null;
            }
        }

        void add(Finding f) {
            findings.add(f);
            if (findingAt != null) {
                findingAt.add(at);
                findingEvent.add(event);
            }
        }

        /** A conflict edge w1 → w0 from read r, unless the edges have reached their cap. */
        void conflictEdge(int w1, int w0, int r) {
            if (cfFrom.size() >= cfMax) {
                Analysis.this.cfOverflow = true; // (lanes only ever set it, and it is read after they are joined)
                return;
            }
            if (cfBySession != null) {
                int s = session(r);
                if (cfBySession[s] == null) cfBySession[s] = new IntList(4);
                cfBySession[s].add(cfFrom.size());
            }
            cfFrom.add(w1);
            cfTo.add(w0);
            cfRead.add(r);
        }

        /**
         * Whether a violating read is classified into monotonic writes and writes-follow-reads: the
         * first {@link #CLASSIFIED_MAX} are (a lane classifies its own first ones, and the merge
         * keeps those that are among the first overall).
         */
        boolean startClassifying() {
            if (++classified > CLASSIFIED_MAX) {
                if (findingAt == null && classified == CLASSIFIED_MAX + 1) notes.add(classifiedNote());
                return false;
            }
            if (classifiedAt != null) {
                event = classifiedAt.size();
                classifiedAt.add(at);
            }
            return true;
        }

        void endClassifying() {
            event = -1;
        }

        /** The time limit, and (lanes) whether another lane failed: checked every 16,384 calls. */
        void tick() {
            if ((++ticks & 0x3FFF) == 0) {
                if (System.nanoTime() - deadlineNanos > 0) throw new TimeUp();
                if (lanesStop) throw LaneStopped.INSTANCE;
            }
        }
    }

    private static String classifiedNote() {
        return "Monotonic writes and writes-follow-reads were classified for the first " + CLASSIFIED_MAX + " violating reads only.";
    }

    private static final int SOURCE_ABSENT = -2;
    /**
     * For an absent read of a key with deletes that cc found no fault with, the source it found
     * possible in CO: d + 1 for a delete d, {@link #CC_SOURCE_INIT} for the initial state (no write
     * of the key in the read's causal past). cm tries it first (hb_s only adds to CO).
     */
    private int[] ccSource;
    private static final int CC_SOURCE_INIT = -1;

    private void forwardPass() {
        if (fwd.dense) {
            forwardPassDense();
            return;
        }
        Recorder rec = new Recorder(false, 1);
        int[][] clockAt = new int[n][];
        int[] readersLeft = readerCount.clone();
        Live[] live = new Live[k];
        for (int i = 0; i < kept; i++) {
            tick();
            int o = topo[i];
            int s = session(o);
            if (pos[o] == 0) live[s] = new Live(s, rec);
            Live st = live[s];
            if (role[o] == R_READ) {
                int w = src[o];
                int[] sourceClock = clockAt[w];
                Check.that(sourceClock != null, "the clock of write #%d is kept until its last reader #%d", w, o);
                Check.that(session(w) == s ? pos[w] < pos[o] : fwd.get(sourceClock, s) < pos[o],
                        "read #%d does not read from its own session's future (CO is acyclic)", o);
                checkRead(st, o, sourceClock);
                if (session(w) != s) {
                    int mark = openClockLog(st, pos[o]);
                    st.clock = fwd.join(st.clock, sourceClock, session(w), pos[w], st.log);
                    closeClockLog(st, mark);
                }
                if (--readersLeft[w] == 0) clockAt[w] = null;
                int ws = session(w);
                st.noteRead(ws, pos[w]);
            } else if (role[o] == R_ABSENT) {
                keepReaderClock(st);
                checkAbsentRead(st, o);
            }
            if (isWrite(o) && readerCount[o] > 0) clockAt[o] = st.clock;
            if (pos[o] == sessOps[s].length - 1) {
                live[s] = null;
                keepForCm(st);
                sessionEnded(s);
            }
        }
    }

    /**
     * For each session t, the last write w1 of the key in r's causal past that is not in w0's
     * either (none for most t): it comes after w0 (WriteCORead: after(w0)[t] ≤ pos(w1)), or is
     * concurrent with it (a conflict edge w1 → w0 for CyclicCF). Writes of t in both pasts
     * precede w0 and say nothing. Only sessions where the reader's past holds more of t than
     * w0's can have one: the entries of the two clocks, the two sessions themselves, and the
     * writers of the key between the two cuts (seen in full by the reader, not at all by w0);
     * they are walked together in order of session.
     */
    /**
     * The first index at or after {@code from} whose value is at least t in an ascending array, by
     * galloping: a read walks the writers of its key in session order, and with thousands of
     * sessions the next one it asks about is often far ahead.
     */
    static int firstAtLeast(int[] sorted, int from, int t) {
        int lo = from, step = 1, hi;
        while (true) {
            hi = lo + step;
            if (hi >= sorted.length || sorted[hi] >= t) break;
            lo = hi;
            step <<= 1;
        }
        hi = Math.min(hi, sorted.length);
        // sorted[lo] < t (or lo == from, checked by the caller); the answer is in (lo, hi].
        while (lo + 1 < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] >= t) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    private void checkRead(Live st, int r, int[] sourceClock) {
        int w0 = src[r];
        int x = h.key.get(r);
        int s = st.s, ws = session(w0);
        int w1 = -1;
        int edgesFrom = st.rec.cfFrom.size();
        int[] mineRow = st.clock, theirsRow = sourceClock;
        int mineCut = fwd.cut(mineRow), theirsCut = fwd.cut(theirsRow);
        int ma = fwd.entries(mineRow), mb = fwd.entries(theirsRow);
        int[] writers = keySessions[x];
        int g = 0, gEnd = 0;
        if (theirsCut < mineCut) {
            g = Arrays.binarySearch(writers, theirsCut);
            if (g < 0) g = -g - 1;
            gEnd = Arrays.binarySearch(writers, mineCut);
            if (gEnd < 0) gEnd = -gEnd - 1;
        }
        int i = 0, j = 0, gw = 0;
        boolean ownLeft = true, sourceLeft = ws != s;
        long walked = 0;
        while (true) {
            int ta = i < ma ? fwd.id(mineRow, i) : INF;
            int tb = j < mb ? fwd.id(theirsRow, j) : INF;
            int tg = g < gEnd ? writers[g] : INF;
            int t = Math.min(Math.min(ta, tb), Math.min(tg, Math.min(ownLeft ? s : INF, sourceLeft ? ws : INF)));
            if (t == INF) break;
            walked++;
            int mine = t == ta ? fwd.value(mineRow, i) : fwd.defaultValue(mineCut, t);
            int theirs = t == tb ? fwd.value(theirsRow, j) : fwd.defaultValue(theirsCut, t);
            if (t == ta) i++;
            if (t == tb) j++;
            if (t == tg) g++;
            if (t == s) {
                ownLeft = false;
                mine = pos[r] - 1;
            }
            if (t == ws) {
                sourceLeft = false;
                theirs = pos[w0];
            }
            if (mine <= theirs) continue;
            if (gw < writers.length && writers[gw] < t) gw = firstAtLeast(writers, gw, t);
            if (gw == writers.length || writers[gw] != t) continue; // t never writes x
            int w = lastWriteOfKeyAt(x, gw, mine);
            if (w < 0 || pos[w] <= theirs) continue; // none, or it is ≤co w0
            if (after(w0, t) <= pos[w]) {
                // w0 <co w <co r. Prefer the reader's own session: then it is read-your-writes too.
                if (w1 < 0 || t == s) w1 = w;
            } else if (w1 < 0) {
                st.rec.conflictEdge(w, w0, r);
            }
        }
        steps(walked);
        finishRead(st, r, w0, w1, edgesFrom);
    }

    /** Records what a read's check found: a WriteCORead (and no conflict edges from it), or its conflict edges. */
    private void finishRead(Live st, int r, int w0, int w1, int edgesFrom) {
        if (w1 >= 0) reportWriteCORead(st, r, w0, w1, edgesFrom);
        st.lastSource(h.key.get(r), w0);
    }

    /** A WriteCORead: no conflict edges from this read, and the session guarantees it breaks. */
    private void reportWriteCORead(Live st, int r, int w0, int w1, int edgesFrom) {
        Recorder rec = st.rec;
        rec.cfFrom.truncate(edgesFrom);
        rec.cfTo.truncate(edgesFrom);
        rec.cfRead.truncate(edgesFrom);
        IntList mine = rec.cfBySession == null ? null : rec.cfBySession[st.s];
        if (mine != null) { // the read's edges were the last ones listed for its session
            int m = mine.size();
            while (m > 0 && mine.get(m - 1) >= edgesFrom) m--;
            mine.truncate(m);
        }
        rec.violatingRead.set(r);
        rec.add(new Finding("cc", "WriteCORead", w0 + ">" + w1, new int[] {r, w0, w1}));
        classifySessionGuarantee(st, r, w0, w1);
    }

    // ---- the forward pass with few sessions: dense clocks, and per session the last write of each key it reads

    /**
     * With few sessions (dense rows) each live session keeps, for each key it reads, the last
     * write of every session in its causal past, updated by scanning the writes that enter its
     * past (once per session); a read then looks at k candidates directly. Same results as the
     * sparse walk, faster when every session is live.
     */
    private void forwardPassDense() {
        buildSessionWriteIndex();
        int lanes = Math.min(forwardLanes, k);
        if (lanes > 1 && kept >= forwardLanesMinOps && clockLogsOff) {
            forwardPassDenseLanes(lanes);
            return;
        }
        forwardLanesUsed = 1;
        Recorder rec = new Recorder(false, 1);
        int[][] clockAt = new int[n][];
        int[] readersLeft = readerCount.clone();
        Live[] live = new Live[k];
        for (int s = 0; s < k; s++) live[s] = denseLive(s, rec);
        for (int i = 0; i < kept; i++) {
            rec.tick();
            int o = topo[i];
            int s = session(o);
            Live st = live[s];
            denseStep(st, o, clockAt, readersLeft);
            if (pos[o] == sessOps[s].length - 1) {
                live[s] = null;
                keepForCm(st);
                sessionEnded(s);
            }
        }
    }

    private Live denseLive(int s, Recorder rec) {
        return new Live(s, KeySlots.of(h, sessOps[s], role), rec);
    }

    /**
     * Operation o of the dense forward pass: a read joins its source's clock into its session's
     * and is checked; a write that is read keeps a copy of the clock until its last reader.
     */
    private void denseStep(Live st, int o, int[][] clockAt, int[] readersLeft) {
        int s = st.s;
        int[] sourceClock = null;
        if (role[o] == R_READ) {
            int w = src[o];
            sourceClock = clockAt[w];
            Check.that(sourceClock != null, "the clock of write #%d is kept until its last reader #%d", w, o);
            Check.that(sourceClock[s] < pos[o], "read #%d does not read from its own session's future (CO is acyclic)", o);
            int mark = openClockLog(st, pos[o]);
            joinScanning(st, sourceClock);
            closeClockLog(st, mark);
            if ((int) INTS.getAndAdd(readersLeft, w, -1) == 1) clockAt[w] = null; // (lanes share the counts)
            st.noteRead(session(w), pos[w]);
        }
        Check.that(st.clock[s] == pos[o] - 1, "session %d is processed in session order (op #%d)", s, o);
        st.clock[s] = pos[o];
        if (isWrite(o)) {
            int slot = st.slots.slot(h.key.get(o));
            if (slot >= 0) st.lastPos[slot * k + s] = pos[o];
            if (readerCount[o] > 0) clockAt[o] = st.clock.clone();
        }
        if (role[o] == R_READ) checkReadDense(st, o, sourceClock);
        else if (role[o] == R_ABSENT) {
            keepReaderClock(st);
            checkAbsentRead(st, o);
        }
    }

    private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.arrayElementVarHandle(int[].class);
    private static final java.lang.invoke.VarHandle LANE_DONE;

    static {
        try {
            LANE_DONE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Lane.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The threads of the dense forward pass (tests set it; at most 4): with more than one, the
     * sessions are split among lanes ({@link #forwardPassDenseLanes}).
     */
    int forwardLanes = Math.max(1, Integer.getInteger(FORWARD_LANES_PROPERTY, Math.min(Runtime.getRuntime().availableProcessors(), 4)));
    static final String FORWARD_LANES_PROPERTY = "kvs.check.forwardLanes";
    /** The fewest operations for which the dense forward pass runs in lanes (tests set it): a thread costs more than it saves on less. */
    int forwardLanesMinOps = Integer.getInteger(FORWARD_LANES_MIN_OPS_PROPERTY, FORWARD_LANES_MIN_OPS);
    static final int FORWARD_LANES_MIN_OPS = 20_000;
    static final String FORWARD_LANES_MIN_OPS_PROPERTY = "kvs.check.forwardLanesMinOps";
    /** The threads the dense forward pass ran on (0 before it, or with sparse rows). */
    int forwardLanesUsed;
    /** Set when a lane fails: the others stop at their next check. */
    private volatile boolean lanesStop;
    /** Per session, its lane. */
    private int[] laneOf;

    /** Of the lanes' lists of places in the topological order (each ascending), the lane whose next one comes first, or -1 when all are taken. */
    private static int earliest(int[] next, IntList[] places) {
        int best = -1, bestAt = INF;
        for (int j = 0; j < next.length; j++) {
            if (next[j] == places[j].size()) continue;
            int at = places[j].get(next[j]);
            if (at < bestAt) {
                bestAt = at;
                best = j;
            }
        }
        return best;
    }

    /** Waits until t has ended, whatever interrupts come (each runs onInterrupt); the interrupt is kept for the caller. */
    private static void joinFully(Thread t, Runnable onInterrupt) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                onInterrupt.run();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Thrown in a lane that stops because another failed; never leaves the forward pass. */
    private static final class LaneStopped extends RuntimeException {
        static final LaneStopped INSTANCE = new LaneStopped();

        private LaneStopped() {
            super("another lane of the forward pass failed", null, false, false);
        }
    }

    /**
     * The dense forward pass on several threads. Each session's state is touched only by its
     * lane, and each lane goes through the whole topological order, doing its own sessions'
     * operations in it, with its own {@link Recorder}. A read of a write of another lane first
     * waits until that lane has passed the write (its clock is then kept): every wait is for a
     * place earlier in the order than the waiter's own, so the lane furthest behind never waits
     * and none waits forever. The sessions are dealt to the lanes longest first, each to the lane
     * with the fewest operations so far. Afterwards the recorders are merged in topological
     * order and the sessions' ends are taken in the order the one thread would have met them, so
     * the findings, the conflict edges and the cm check are those of the one thread.
     *
     * <p>Measured on the 1M, 105-session benchmark history (2 cores, warm, alternating runs): the
     * pass took 1.1-1.3 s of wall on one thread and 0.6-0.9 s in two lanes, each lane 0.5-0.7 s of
     * CPU of which 70-90 ms waiting for the other.
     */
    private void forwardPassDenseLanes(int lanes) {
        forwardLanesUsed = lanes;
        laneOf = new int[k];
        Integer[] bySize = new Integer[k];
        for (int s = 0; s < k; s++) bySize[s] = s;
        Arrays.sort(bySize, (a, b) -> sessOps[a].length != sessOps[b].length ? Integer.compare(sessOps[b].length, sessOps[a].length) : Integer.compare(a, b));
        long[] load = new long[lanes];
        for (int s : bySize) {
            int best = 0;
            for (int j = 1; j < lanes; j++) if (load[j] < load[best]) best = j;
            laneOf[s] = best;
            load[best] += sessOps[s].length;
        }
        if (readerClocks == null) readerClocks = new int[k][][]; // written by the lanes at their sessions' ends
        int[][] clockAt = new int[n][];
        int[] readersLeft = readerCount.clone();
        Lane[] all = new Lane[lanes];
        for (int j = 0; j < lanes; j++) all[j] = new Lane(j, new Recorder(true, lanes), all, clockAt, readersLeft);
        Thread[] threads = new Thread[lanes - 1];
        lanesStop = false;
        try {
            for (int j = 1; j < lanes; j++) {
                threads[j - 1] = new Thread(all[j], "kvs-check-forward-" + j);
                threads[j - 1].setDaemon(true);
                threads[j - 1].start();
            }
            all[0].run();
        } finally {
            for (Thread t : threads) if (t != null) joinFully(t, () -> lanesStop = true);
        }
        Throwable failure = null;
        for (Lane lane : all) {
            Throwable f = lane.failure;
            if (f == null || f == LaneStopped.INSTANCE) continue;
            if (failure == null || failure instanceof TimeUp) failure = f; // a real failure before a time-out
        }
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
        mergeRecorders(all);
        // Every session with an operation ended; the one thread meets their ends in the order of their last operations.
        long[] ends = new long[k];
        int m = 0;
        for (int s = 0; s < k; s++) if (sessOps[s].length > 0) ends[m++] = (long) topoIndex[sessOps[s][sessOps[s].length - 1]] << 32 | s;
        Arrays.sort(ends, 0, m);
        for (int i = 0; i < m; i++) sessionEnded((int) ends[i]);
    }

    /** One thread of the dense forward pass: its sessions, in topological order. */
    private final class Lane implements Runnable {
        final int id;
        final Recorder rec;
        private final Lane[] all;
        private final int[][] clockAt;
        private final int[] readersLeft;
        /** How far along the topological order this lane is: every operation of it before this place is done (release/acquire). */
        @SuppressWarnings("unused")
        private int done;
        volatile Throwable failure;

        Lane(int id, Recorder rec, Lane[] all, int[][] clockAt, int[] readersLeft) {
            this.id = id;
            this.rec = rec;
            this.all = all;
            this.clockAt = clockAt;
            this.readersLeft = readersLeft;
        }

        @Override
        public void run() {
            long cpu0 = cpuNanos();
            try {
                pass();
            } catch (Throwable t) {
                failure = t;
                lanesStop = true;
            } finally {
                if (id > 0) helperCpuTotalNanos.addAndGet(cpuNanos() - cpu0);
            }
        }

        private void pass() {
            int[] lane = laneOf;
            Live[] live = new Live[k];
            for (int s = 0; s < k; s++) if (lane[s] == id) live[s] = denseLive(s, rec);
            for (int i = 0; i < kept; i++) {
                int o = topo[i];
                int s = session(o);
                if (lane[s] != id) continue;
                rec.at = i;
                rec.tick();
                if (role[o] == R_READ) {
                    int w = src[o];
                    int other = lane[session(w)];
                    if (other != id) all[other].awaitPast(topoIndex[w]);
                }
                Live st = live[s];
                denseStep(st, o, clockAt, readersLeft);
                LANE_DONE.setRelease(this, i + 1);
                if (pos[o] == sessOps[s].length - 1) {
                    live[s] = null;
                    keepForCm(st);
                }
            }
        }

        /** Waits until this lane has done the operation at place {@code index} of the topological order. */
        void awaitPast(int index) {
            for (int spins = 0; (int) LANE_DONE.getAcquire(this) <= index; spins++) {
                if (lanesStop) throw LaneStopped.INSTANCE;
                if (spins < 256) Thread.onSpinWait();
                else Thread.yield();
            }
        }
    }

    /**
     * The lanes' recorders, merged into the analysis's lists in topological order: conflict
     * edges by their reads' places (a read's edges are consecutive, and in one lane), findings by
     * the places they were found at, classifications kept for the first {@link #CLASSIFIED_MAX}
     * violating reads overall (with their findings), and the sessions' conflict edges listed.
     */
    private void mergeRecorders(Lane[] lanes) {
        int m = lanes.length;
        Recorder[] recs = new Recorder[m];
        IntList[] edgeAt = new IntList[m], classifiedAt = new IntList[m], findingAt = new IntList[m];
        for (int j = 0; j < m; j++) {
            Recorder r = recs[j] = lanes[j].rec;
            edgeAt[j] = new IntList(r.cfRead.size());
            for (int e = 0; e < r.cfRead.size(); e++) edgeAt[j].add(topoIndex[r.cfRead.get(e)]);
            classifiedAt[j] = r.classifiedAt;
            findingAt[j] = r.findingAt;
        }
        int[] next = new int[m];
        for (int j; (j = earliest(next, edgeAt)) >= 0; ) {
            Recorder r = recs[j];
            int e = next[j]++;
            cfFrom.add(r.cfFrom.get(e));
            cfTo.add(r.cfTo.get(e));
            cfRead.add(r.cfRead.get(e));
        }
        // Which lanes' classifications are among the first CLASSIFIED_MAX overall.
        java.util.BitSet[] keptEvent = new java.util.BitSet[m];
        for (int j = 0; j < m; j++) keptEvent[j] = new java.util.BitSet();
        Arrays.fill(next, 0);
        for (int rank = 0, j; rank < CLASSIFIED_MAX && (j = earliest(next, classifiedAt)) >= 0; rank++) keptEvent[j].set(next[j]++);
        Arrays.fill(next, 0);
        for (int j; (j = earliest(next, findingAt)) >= 0; ) {
            Recorder r = recs[j];
            int f = next[j]++;
            int event = r.findingEvent.get(f);
            if (event < 0 || keptEvent[j].get(event)) findings.add(r.findings.get(f));
        }
        long classifiedAll = 0;
        for (Recorder r : recs) {
            violatingRead.or(r.violatingRead);
            initReadReported.or(r.initReadReported);
            classifiedAll += r.classified;
        }
        if (classifiedAll > CLASSIFIED_MAX) notes.add(classifiedNote());
        if (cfBySession != null) {
            for (int i = 0; i < cfRead.size(); i++) {
                int s = session(cfRead.get(i));
                if (cfBySession[s] == null) cfBySession[s] = new IntList(4);
                cfBySession[s].add(i);
            }
        }
    }

    /**
     * Per session, the history of its clock ({@link ClockLog}), from the session's end until its
     * cm check takes it; null for a session without one. The logs are bounded all together by
     * {@link #clockLogIntsMax}: sessions that start after that get none, and their cm check asks
     * the backward rows instead (as does a second cm run, when CyclicCF changes the first one's).
     */
    private int[][] clockLogs;
    private long clockLogInts;
    long clockLogIntsMax = Runtime.getRuntime().maxMemory() / 8 / 4;
    /** Tests turn the logs off, to run the cm check without them. */
    boolean clockLogsOff = Boolean.getBoolean(NO_CLOCK_LOGS_PROPERTY);
    static final String NO_CLOCK_LOGS_PROPERTY = "kvs.check.noClockLogs";
    /**
     * The sessions from which the forward pass writes clock logs (tests set it). They pay where
     * cm's sessions are many and short: there, each session asks thousands of questions about
     * operations it never asked about before, each a search in a sparse row, and cm cannot keep
     * up with the forward pass. Measured on the 1M benchmarks (same machine, paired runs): 9,977
     * sessions, the check 1.1 to 1.3 s faster (cm adds 0.2 s after the other checks instead of
     * 1.4 s); 1,123 and 105 sessions, 3 % and 4 % slower (cm keeps up without them, and writing
     * them costs the forward pass).
     */
    int clockLogsMinSessions = CLOCK_LOGS_MIN_SESSIONS;
    static final int CLOCK_LOGS_MIN_SESSIONS = 4096;

    /** Opens position p's records in the session's clock log; returns the mark to close them with. */
    private int openClockLog(Live st, int p) {
        if (st.log == null) return -1;
        int mark = st.log.size();
        ClockLog.position(st.log, p);
        return mark;
    }

    /** Drops the position's opening if nothing changed at it, and drops the log if the logs outgrew their bound. */
    private void closeClockLog(Live st, int mark) {
        if (st.log == null) return;
        int added = st.log.size() - mark;
        if (added == 2) {
            st.log.truncate(mark);
            return;
        }
        clockLogInts += added;
        if (clockLogInts > clockLogIntsMax) {
            clockLogsOff = true;
            st.log = null;
        }
    }

    /**
     * Per session without a clock log, the clock at each of its absent reads, in session order,
     * from the session's end until its cm check takes it: the WriteHBInitRead search asks, for
     * every operation it meets, whether it is in the read's causal past, and with the clock that
     * is an array lookup (dense rows) instead of a question to the operation's backward row. The
     * sparse clocks are immutable and shared, so keeping one costs a reference; the dense ones are
     * copied. Bounded all together by {@link #readerClockIntsMax}; a session past it keeps none.
     */
    private int[][][] readerClocks;
    long readerClockIntsMax = Runtime.getRuntime().maxMemory() / 16 / 4;
    /** Tests turn them off, to run the cm check without them. */
    boolean readerClocksOff = Boolean.getBoolean(NO_READER_CLOCKS_PROPERTY);
    static final String NO_READER_CLOCKS_PROPERTY = "kvs.check.noReaderClocks";

    /** At an absent read: keeps the session's clock for its cm check. */
    private void keepReaderClock(Live st) {
        if (st.readerClocks == null) return; // (a session with a clock log has none)
        Recorder rec = st.rec;
        if (rec.readerClocksOff) { // another session reached the bound
            st.readerClocks = null;
            return;
        }
        int[] clock = fwd.dense ? st.clock.clone() : st.clock;
        rec.readerClockInts += clock.length + 4;
        if (rec.readerClockInts > rec.readerClockIntsMax) {
            rec.readerClocksOff = true;
            st.readerClocks = null;
            return;
        }
        if (st.readerClockCount == st.readerClocks.length) st.readerClocks = Arrays.copyOf(st.readerClocks, 2 * st.readerClockCount);
        st.readerClocks[st.readerClockCount++] = clock;
    }

    /** At the end of a session in the forward pass: keeps its clock log or its absent reads' clocks for its cm check. */
    private void keepForCm(Live st) {
        if (st.readerClocks != null && st.readerClockCount > 0) {
            if (readerClocks == null) readerClocks = new int[k][][]; // (allocated before a parallel pass starts)
            readerClocks[st.s] = Arrays.copyOf(st.readerClocks, st.readerClockCount);
        }
        st.readerClocks = null;
        if (st.log == null) return;
        if (clockLogs == null) clockLogs = new int[k][];
        clockLogs[st.s] = st.log.toArray();
        st.log = null;
    }

    /** Per session, its writes in order (position and key), and for each position the number of writes before it. */
    private int[][] sessWritePos, sessWriteKey, sessWriteRank;

    private void buildSessionWriteIndex() {
        sessWritePos = new int[k][];
        sessWriteKey = new int[k][];
        sessWriteRank = new int[k][];
        for (int t = 0; t < k; t++) {
            int[] ops = sessOps[t];
            int[] rank = new int[ops.length + 1];
            int writes = 0;
            for (int q = 0; q < ops.length; q++) {
                rank[q] = writes;
                if (isWrite(ops[q])) writes++;
            }
            rank[ops.length] = writes;
            int[] wp = new int[writes], wk = new int[writes];
            int j = 0;
            for (int q = 0; q < ops.length; q++) {
                if (isWrite(ops[q])) {
                    wp[j] = q;
                    wk[j++] = h.key.get(ops[q]);
                }
            }
            sessWritePos[t] = wp;
            sessWriteKey[t] = wk;
            sessWriteRank[t] = rank;
        }
    }

    /** Joins a dense clock into the session's own (in place), scanning the writes that enter its past. */
    private void joinScanning(Live st, int[] row) {
        int[] vc = st.clock;
        for (int t = 0; t < k; t++) {
            int to = row[t];
            int from = vc[t];
            if (to <= from) continue;
            vc[t] = to;
            if (t == st.s) continue;
            if (st.log != null) ClockLog.value(st.log, t, to);
            int[] writeKey = sessWriteKey[t];
            int[] writePos = sessWritePos[t];
            int[] rank = sessWriteRank[t];
            int[] lastPos = st.lastPos;
            KeySlots slots = st.slots;
            for (int j = rank[from + 1], end = rank[to + 1]; j < end; j++) {
                int slot = slots.slot(writeKey[j]);
                if (slot >= 0) lastPos[slot * k + t] = writePos[j];
            }
        }
    }

    /** The dense read check: the last past write w1 of the key in each session, against w0's clock and row. */
    private void checkReadDense(Live st, int r, int[] sourceClock) {
        int w0 = src[r];
        int slot = st.slots.slot(h.key.get(r));
        int base = slot * k;
        int[] lastPos = st.lastPos;
        int[] a = null; // w0's row, read only when some session's last write is not in w0's past (most reads: none)
        int ws = session(w0);
        int w1 = -1;
        int edgesFrom = st.rec.cfFrom.size();
        for (int t = 0; t < k; t++) {
            int lp = lastPos[base + t];
            if (lp <= sourceClock[t]) continue; // none, or w1 ≤co w0
            if (a == null) a = afterRow[w0];
            int first = t == ws ? pos[w0] : a[t];
            if (lp >= first) {
                // w0 <co w1 <co r. Prefer the reader's own session: then it is read-your-writes too.
                if (w1 < 0 || t == st.s) w1 = sessOps[t][lp];
            } else if (w1 < 0) {
                st.rec.conflictEdge(sessOps[t][lp], w0, r);
            }
        }
        if (w1 >= 0) reportWriteCORead(st, r, w0, w1, edgesFrom);
        st.lastReadSourceBySlot[slot] = w0;
    }

    /**
     * For each session that writes key x, its last write of x in r's causal past (sessions in
     * order; none left out): the clock's entries and cut say how much of each writer is in it.
     */
    private int[][] fullLast;

    /** The last write of key x by its g-th writer at or before that writer's last exported position (cached per key). */
    private int lastBelowFull(int x, int g) {
        if (fullLast == null) fullLast = new int[keyWrites.length][];
        int[] cache = fullLast[x];
        if (cache == null) {
            int[] writers = keySessions[x];
            cache = new int[writers.length];
            for (int i = 0; i < writers.length; i++) cache[i] = lastWriteOfKeyAt(x, i, fwd.defaultValue(writers[i] + 1, writers[i]));
            fullLast[x] = cache;
        }
        return cache[g];
    }

    private IntList lastWritesInPast(Live st, int r, int x) {
        IntList out = new IntList();
        int[] writers = keySessions[x];
        int[] clock = st.clock;
        int cut = fwd.cut(clock), m = fwd.entries(clock);
        int e = 0;
        steps(writers.length);
        for (int g = 0; g < writers.length; g++) {
            int t = writers[g];
            while (e < m && fwd.id(clock, e) < t) e++;
            int w;
            if (t == st.s) w = lastWriteOfKeyAt(x, g, pos[r] - 1);
            else if (e < m && fwd.id(clock, e) == t) w = lastWriteOfKeyAt(x, g, fwd.value(clock, e));
            else if (t < cut) w = lastBelowFull(x, g);
            else continue;
            if (w >= 0) out.add(w);
        }
        return out;
    }

    private int lastOwnWriteDense(Live st, int x) {
        int lp = st.lastPos[st.slots.slot(x) * k + st.s];
        return lp < 0 ? -1 : sessOps[st.s][lp];
    }

    /** Dense mode: the last write of key x of each session in the past, from the session's table. */
    private IntList lastWritesInPastDense(Live st, int x) {
        IntList out = st.rec.pastScratch;
        out.truncate(0);
        int base = st.slots.slot(x) * k;
        for (int t = 0; t < k; t++) {
            int lp = st.lastPos[base + t];
            if (lp >= 0) out.add(sessOps[t][lp]);
        }
        return out;
    }

    private void checkAbsentRead(Live st, int r) {
        int x = h.key.get(r);
        IntList past = st.lastPos != null ? lastWritesInPastDense(st, x) : lastWritesInPast(st, r, x);
        int firstWrite = st.lastPos != null ? lastOwnWriteDense(st, x) : lastWriteOfKey(x, st.s, pos[r] - 1);
        if (firstWrite < 0 && past.size() > 0) firstWrite = past.get(0);
        int previousSource = st.lastSource(x);
        st.lastSource(x, SOURCE_ABSENT);
        IntList deletes = deletesOnKey[x];
        if (deletes != null && ccSource == null) ccSource = new int[n];
        if (firstWrite < 0) { // the initial state is a possible source
            if (deletes != null) ccSource[r] = CC_SOURCE_INIT;
            return;
        }
        IntList refuted = new IntList();
        if (deletes != null) {
            // The latest past write of each session is the likeliest source: try those deletes first.
            for (int i = 0; i < past.size(); i++) {
                int w = past.get(i);
                if (role[w] == R_DEL && overwriterInPast(past, w) < 0) {
                    ccSource[r] = w + 1;
                    return;
                }
            }
            // The deletes recorded before the read, latest first (an old delete has most likely been
            // overwritten in the read's past by now), then those after it (the read usually precedes them).
            int m = deletes.size(), split = 0;
            while (split < m && deletes.get(split) < r) split++;
            int[] overwriterOf = new int[m];
            for (int j = 0; j < m; j++) {
                int i = j < split ? split - 1 - j : j;
                int d = deletes.get(i);
                overwriterOf[i] = -1;
                if (precedesOrEquals(r, d)) continue; // a delete that the read causally precedes cannot be its source
                int overwriter = overwriterInPast(past, d);
                if (overwriter < 0) { // d is a possible source: no violation
                    ccSource[r] = d + 1;
                    return;
                }
                overwriterOf[i] = overwriter;
                if (j % 64 == 63) st.rec.tick();
            }
            for (int i = 0; i < m; i++) { // the witness lists the refuted deletes in history order
                if (overwriterOf[i] < 0) continue;
                refuted.add(deletes.get(i));
                refuted.add(overwriterOf[i]);
            }
        }
        int[] ops = new int[2 + refuted.size()];
        ops[0] = r;
        ops[1] = firstWrite;
        System.arraycopy(refuted.toArray(), 0, ops, 2, refuted.size());
        st.rec.add(new Finding("cc", "WriteCOInitRead", "init:" + x + ">" + firstWrite, ops));
        st.rec.initReadReported.set(r);
        classifySessionGuaranteeAbsent(st, r, firstWrite, previousSource);
    }

    /**
     * A write on d's key in the read's causal past (the last of each session, in session order)
     * that d causally precedes, or -1: d's row is walked alongside.
     */
    private int overwriterInPast(IntList past, int d) {
        int[] row = afterRow[d];
        if (back.dense) {
            int sd = session(d);
            for (int i = 0; i < past.size(); i++) {
                int w = past.get(i);
                int t = session(w);
                if (w != d && (t == sd ? pos[d] : row[t]) <= pos[w]) return w;
            }
            return -1;
        }
        int cut = back.cut(row), m = back.entries(row);
        int sd = session(d);
        int e = 0;
        for (int i = 0; i < past.size(); i++) {
            int w = past.get(i);
            int t = session(w);
            while (e < m && back.id(row, e) < t) e++;
            int first;
            if (t == sd) first = pos[d];
            else if (e < m && back.id(row, e) == t) first = back.value(row, e);
            else first = back.defaultValue(cut, t);
            if (w != d && first <= pos[w]) return w;
        }
        return -1;
    }

    // ---- session guarantees, as special shapes of the WriteCORead / WriteCOInitRead witness

    private void classifySessionGuarantee(Live st, int r, int w0, int w1) {
        int s = st.s;
        String group = w0 + ">" + w1;
        if (session(w1) == s && pos[w1] < pos[r]) {
            st.rec.add(new Finding("read-your-writes", "WriteCORead", group, new int[] {r, w0, w1}));
        }
        int previous = st.lastSource(h.key.get(r));
        if (previous >= 0 && previous != w0 && precedesOrEquals(w0, previous)) {
            int r1 = lastReadOf(s, r, h.key.get(r));
            st.rec.add(new Finding("monotonic-reads", "WriteCORead", w0 + ">" + previous, new int[] {r, w0, r1, previous}));
        }
        sessionOrderShapes(st, r, w0, group);
    }

    private void classifySessionGuaranteeAbsent(Live st, int r, int w1, int previousSource) {
        int s = st.s;
        String group = "init:" + h.key.get(r);
        int own = session(w1) == s && role[w1] == R_PUT ? w1 : ownLastWriteBefore(s, r, h.key.get(r));
        if (own >= 0 && overwrites(own, -1, r)) {
            st.rec.add(new Finding("read-your-writes", "WriteCOInitRead", group, new int[] {r, -1, own}));
        }
        if (previousSource >= 0 && overwrites(previousSource, -1, r)) {
            int r1 = lastReadOf(s, r, h.key.get(r));
            st.rec.add(new Finding("monotonic-reads", "WriteCOInitRead", group, new int[] {r, -1, r1, previousSource}));
        }
        sessionOrderShapes(st, r, -1, group);
    }

    /**
     * Monotonic writes: a write w1 on the key, then a later write w2 of the same session that this
     * session read before r. Writes follow reads: a read r1 of w1 on the key, then a later write
     * w2 of r1's session that this session read before r. In both, w1 overwrote what r read
     * ({@code w0 <co w1}, or the initial state). Only the last read write of each session is
     * examined, so this is sound but may miss some witnesses.
     */
    private void sessionOrderShapes(Live st, int r, int w0, String group) {
        if (!st.rec.startClassifying()) return;
        int s = st.s;
        int x = h.key.get(r);
        for (int t : st.readSessions()) {
            if (t == s) continue;
            int p = st.readMax(t);
            if (p <= 0) continue;
            int w2 = sessOps[t][p];
            int r2 = readOfBefore(s, r, w2);
            if (r2 < 0) continue;
            int[] ops = sessOps[t];
            boolean mwFound = false, wfrFound = false;
            for (int q = p - 1; q >= 0 && !(mwFound && wfrFound); q--) {
                int o = ops[q];
                if (h.key.get(o) != x) continue;
                if (!mwFound && isWrite(o) && overwrites(o, w0, r)) {
                    st.rec.add(new Finding("monotonic-writes", w0 < 0 ? "WriteCOInitRead" : "WriteCORead", group,
                            new int[] {r, w0, o, w2, r2}));
                    mwFound = true;
                }
                if (!wfrFound && role[o] == R_READ && overwrites(src[o], w0, r)) {
                    st.rec.add(new Finding("writes-follow-reads", w0 < 0 ? "WriteCOInitRead" : "WriteCORead", group,
                            new int[] {r, w0, src[o], o, w2, r2}));
                    wfrFound = true;
                }
            }
        }
        st.rec.endClassifying();
    }

    /**
     * w1 ≠ w0 and w0 <co w1. For w0 = -1 (an absent read r): w1 is a put and every delete of its
     * key that r could have read causally precedes w1, so no choice of source comes after w1.
     */
    private boolean overwrites(int w1, int w0, int r) {
        if (w0 >= 0) return w1 != w0 && precedesOrEquals(w0, w1);
        if (role[w1] != R_PUT) return false;
        IntList deletes = deletesOnKey[h.key.get(w1)];
        if (deletes == null) return true;
        for (int i = 0; i < deletes.size(); i++) {
            int d = deletes.get(i);
            if (!precedesOrEquals(d, w1) && !precedesOrEquals(r, d)) return false;
        }
        return true;
    }

    private int lastReadOf(int s, int r, int x) {
        int[] ops = sessOps[s];
        for (int q = pos[r] - 1; q >= 0; q--) {
            int o = ops[q];
            if ((role[o] == R_READ || role[o] == R_ABSENT) && h.key.get(o) == x) return o;
        }
        return -1;
    }

    private int ownLastWriteBefore(int s, int r, int x) {
        int[] ops = sessOps[s];
        for (int q = pos[r] - 1; q >= 0; q--) {
            int o = ops[q];
            if (role[o] == R_PUT && h.key.get(o) == x) return o;
        }
        return -1;
    }

    private int readOfBefore(int s, int r, int w) {
        int[] ops = sessOps[s];
        for (int q = pos[r] - 1; q >= 0; q--) {
            int o = ops[q];
            if (role[o] == R_READ && src[o] == w) return o;
        }
        return -1;
    }

    // ---- CyclicCF: a cycle in CO ∪ CF -----------------------------------------------------

    /** The conflict edges found (for the tests): from, to, and the read that gave each. */
    int[][] conflictEdges() {
        return new int[][] {cfFrom.toArray(), cfTo.toArray(), cfRead.toArray()};
    }

    private void checkCyclicCF() {
        if (cfFrom.size() == 0) return;
        int[] cycle = findCycle(cfFrom.toArray(), cfTo.toArray(), cfRead.toArray());
        if (cycle != null) findings.add(new Finding("ccv", "CyclicCF", "cycle", cycle));
    }

    /**
     * A cycle in session order ∪ read-from ∪ the given extra (conflict) edges, as triples (node, edge kind,
     * via), or null. Kahn's algorithm, then a walk back through the nodes left over, then a
     * breadth-first search for a shortest cycle through one of them. No recursion.
     */
    int[] findCycle(int[] from, int[] to, int[] via) {
        int m = from.length;
        int[] outStart = new int[n + 1], inStart = new int[n + 1];
        for (int i = 0; i < m; i++) {
            outStart[from[i] + 1]++;
            inStart[to[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            outStart[i + 1] += outStart[i];
            inStart[i + 1] += inStart[i];
        }
        int[] outEdge = new int[m], inEdge = new int[m];
        int[] outFill = Arrays.copyOf(outStart, n), inFill = Arrays.copyOf(inStart, n);
        for (int i = 0; i < m; i++) {
            outEdge[outFill[from[i]]++] = i;
            inEdge[inFill[to[i]]++] = i;
        }
        int[] readerStart = new int[n + 1];
        for (int o = 0; o < n; o++) if (role[o] == R_READ) readerStart[src[o] + 1]++;
        for (int i = 0; i < n; i++) readerStart[i + 1] += readerStart[i];
        int[] readers = new int[readerStart[n]];
        int[] readerFill = Arrays.copyOf(readerStart, n);
        for (int o = 0; o < n; o++) if (role[o] == R_READ) readers[readerFill[src[o]]++] = o;

        int[] indegree = new int[n];
        for (int o = 0; o < n; o++) {
            if (role[o] == R_NONE) continue;
            int d = inStart[o + 1] - inStart[o];
            if (pos[o] > 0) d++;
            if (role[o] == R_READ) d++;
            indegree[o] = d;
        }
        int[] queue = new int[kept];
        int head = 0, tail = 0;
        for (int o = 0; o < n; o++) if (role[o] != R_NONE && indegree[o] == 0) queue[tail++] = o;
        while (head < tail) {
            tick();
            int o = queue[head++];
            int s = session(o);
            if (pos[o] + 1 < sessOps[s].length) {
                int next = sessOps[s][pos[o] + 1];
                if (--indegree[next] == 0) queue[tail++] = next;
            }
            for (int i = readerStart[o]; i < readerStart[o + 1]; i++) {
                if (--indegree[readers[i]] == 0) queue[tail++] = readers[i];
            }
            for (int i = outStart[o]; i < outStart[o + 1]; i++) {
                int t = to[outEdge[i]];
                if (--indegree[t] == 0) queue[tail++] = t;
            }
        }
        if (tail == kept) return null;
        boolean[] left = new boolean[n];
        for (int o = 0; o < n; o++) if (role[o] != R_NONE && indegree[o] > 0) left[o] = true;
        int startNode = -1;
        for (int o = 0; o < n && startNode < 0; o++) if (left[o]) startNode = o;
        // Walk back through leftover predecessors until a node repeats: that node is on a cycle.
        int[] seen = new int[n];
        int stamp = 1, v = startNode;
        while (seen[v] != stamp) {
            seen[v] = stamp;
            int p = -1;
            if (pos[v] > 0 && left[sessOps[session(v)][pos[v] - 1]]) p = sessOps[session(v)][pos[v] - 1];
            else if (role[v] == R_READ && left[src[v]]) p = src[v];
            else {
                for (int i = inStart[v]; i < inStart[v + 1]; i++) {
                    if (left[from[inEdge[i]]]) { p = from[inEdge[i]]; break; }
                }
            }
            v = p;
        }
        // Shortest cycle through v: BFS forwards over leftover nodes back to v.
        int[] parent = new int[n], parentKind = new int[n], parentVia = new int[n];
        Arrays.fill(parent, -2);
        int[] bfs = new int[kept];
        int bh = 0, bt = 0;
        bfs[bt++] = v;
        parent[v] = -1;
        int last = -1, lastKind = 0, lastVia = -1;
        outer:
        while (bh < bt) {
            int o = bfs[bh++];
            int s = session(o);
            if (pos[o] + 1 < sessOps[s].length) {
                int next = sessOps[s][pos[o] + 1];
                if (next == v) { last = o; lastKind = EDGE_PO; break; }
                if (left[next] && parent[next] == -2) {
                    parent[next] = o; parentKind[next] = EDGE_PO; parentVia[next] = -1; bfs[bt++] = next;
                }
            }
            for (int i = readerStart[o]; i < readerStart[o + 1]; i++) {
                int rd = readers[i];
                if (rd == v) { last = o; lastKind = EDGE_RF; break outer; }
                if (left[rd] && parent[rd] == -2) {
                    parent[rd] = o; parentKind[rd] = EDGE_RF; parentVia[rd] = -1; bfs[bt++] = rd;
                }
            }
            for (int i = outStart[o]; i < outStart[o + 1]; i++) {
                int e = outEdge[i];
                int t = to[e];
                if (t == v) { last = o; lastKind = EDGE_CF; lastVia = via[e]; break outer; }
                if (left[t] && parent[t] == -2) {
                    parent[t] = o; parentKind[t] = EDGE_CF; parentVia[t] = via[e]; bfs[bt++] = t;
                }
            }
        }
        Check.that(last >= 0, "a node left over by Kahn's algorithm lies on a cycle");
        IntList rev = new IntList();
        rev.add(lastVia); rev.add(lastKind); rev.add(last);
        for (int o = last; o != v; o = parent[o]) {
            rev.add(parentVia[o]); rev.add(parentKind[o]); rev.add(parent[o]);
        }
        int[] out = new int[rev.size()];
        for (int i = 0; i < rev.size(); i++) out[i] = rev.get(rev.size() - 1 - i);
        return out;
    }

    // ---- CM: CyclicHB and WriteHBInitRead, per session ------------------------------------

    /** What the forward pass kept for the cm checks (a second run asks the rows). */
    private void dropKeptForCm() {
        clockLogs = null;
        readerClocks = null;
    }

    /**
     * For each session s, hb_s = (CO ∪ D_s)⁺ where D_s is the exact least set of conflict edges of
     * the paper: seeded with the edges CO justifies for the reads of s (CF_s), then closed by
     * {@link HbFixpoint} under the recursive rule (w1 hb r1, r1 in s reads w2: w1 → w2). A cycle
     * in hb_s is CyclicHB; WriteHBInitRead is a read of the initial state of x in s with a write on
     * x before it in hb_s, searched backwards from the D_s edges whose target precedes the read.
     *
     * <p>Sessions are independent: a {@link CmRun} checks them on every core. It was started
     * before the forward pass and has the sessions that ended there; the rest are submitted now,
     * or all of them, by index, to a new run when CyclicCF changes the cycle search.
     */
    private void checkCausalMemory() {
        if (cfFrom.size() == 0) { // no seed edge in any session: D is empty and hb is CO, already checked by cc
            if (early != null) early.abandon();
            early = null;
            dropKeptForCm();
            return;
        }
        boolean ccvCyclic = findings.stream().anyMatch(f -> f.pattern().equals("CyclicCF"));
        CmRun run;
        if (early != null && !ccvCyclic) {
            run = early;
            for (int s = 0; s < k; s++) if (cfBySession[s] != null) run.submit(s, cfBySession[s]);
        } else {
            // The sessions checked during the forward pass searched for cycles as if CO ∪ CF were acyclic: start again.
            if (early != null) early.abandon();
            run = new CmRun(ccvCyclic, null);
            int m = cfFrom.size();
            int[] count = new int[k];
            for (int i = 0; i < m; i++) count[session(cfRead.get(i))]++;
            IntList[] bySession = new IntList[k];
            for (int i = 0; i < m; i++) {
                int s = session(cfRead.get(i));
                if (bySession[s] == null) bySession[s] = new IntList(count[s]);
                bySession[s].add(i);
            }
            for (int s = 0; s < k; s++) if (bySession[s] != null) run.submit(s, bySession[s]);
        }
        early = null;
        cfBySession = null;
        run.finish();
        dropKeptForCm();
    }

    /**
     * A session's seed edges are complete when it ends in the forward pass: its cm check starts
     * then, on the other cores, while the forward pass goes on (with many sessions most end long
     * before it does; with few, they end near its end and their checks run beside CyclicCF and
     * convergence). The results wait for the other checks; if CyclicCF turns up, they are dropped
     * and cm starts again. The sessions' seed edges are collected per session.
     */
    private void startEarlyCausalMemory() {
        if (ccSource == null) ccSource = new int[n]; // allocated before the cm threads read it
        cfBySession = new IntList[k];
        early = new CmRun(false, cmPrep);
        cmPrep = null;
    }

    /** cm's preparation when started before the backward pass, until the first cm run takes it. */
    private CmPrep cmPrep;

    /**
     * cm's preparation on a thread of its own: the per-key write lists when missing, and the
     * fixpoint's shared arrays. It reads only the roles, the sessions and the reader counts.
     */
    private final class CmPrep {
        private final java.util.concurrent.FutureTask<HbFixpoint.Shared> task;
        private final Thread thread;

        CmPrep() {
            boolean keys = keyWrites == null;
            task = new java.util.concurrent.FutureTask<>(() -> {
                long cpu0 = cpuNanos();
                try {
                    if (keys) buildKeyWrites();
                    return new HbFixpoint.Shared(Analysis.this);
                } finally {
                    helperCpuTotalNanos.addAndGet(cpuNanos() - cpu0);
                }
            });
            thread = new Thread(task, "kvs-check-cm-prepare");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits for the thread to end (it never waits for anything itself). */
        void await() {
            joinFully(thread, () -> {});
        }

        /** The shared arrays, once built (waiting for them); a failure to build them is rethrown. */
        HbFixpoint.Shared get() {
            await();
            try {
                return task.get(); // done: returns at once
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error r) throw r;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** The cm run started during the forward pass, or null. */
    private CmRun early;
    /** While the forward pass runs: the indices of each session's conflict edges, until the session is submitted. */
    private IntList[] cfBySession;

    /** At the end of session s in the forward pass: its seed edges are complete. */
    private void sessionEnded(int s) {
        if (early == null || cfBySession[s] == null) { // no seed edges: no cm check, and no use for its clock log
            if (clockLogs != null) clockLogs[s] = null;
            if (readerClocks != null) readerClocks[s] = null;
            return;
        }
        early.submit(s, cfBySession[s]);
        cfBySession[s] = null;
    }

    /**
     * One cm check: sessions are submitted with their seed edges (in a deterministic order: as
     * they end in the forward pass, or by index), taken in that order by {@link CmWorker}s on every
     * core, and merged at the end. All searches share one step budget, spent in submission order:
     * the first session whose steps take the total past it makes the cm result unknown (never a
     * guess), and only the findings of the sessions before it are kept, exactly as one thread
     * going through the sessions in that order would do; the findings are then listed by session.
     * Nothing reported depends on the threads.
     */
    private final class CmRun {
        private final boolean ccvCyclic;
        private final long budget = cmBudget >= 0 ? cmBudget : CM_STEPS_PER_OPERATION * Math.max(kept, 1_000_000);
        /**
         * The per-key write lists (dense mode builds them for cm only) and the fixpoint's shared
         * arrays, built on a thread of their own beside the backward pass (dense mode) or the
         * forward pass (neither reads them).
         */
        private final CmPrep prep;
        private final int[] taskSession = new int[k];
        private final int[][] taskFrom = new int[k][], taskTo = new int[k][], taskVia = new int[k][], taskLog = new int[k][];
        private final int[][][] taskReaderClocks = new int[k][][];
        private final CmResult[] results = new CmResult[k];
        private int submitted, taken;
        private boolean closed;
        private final java.util.concurrent.atomic.AtomicLong spent = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private final Thread owner = Thread.currentThread();
        private Thread[] helpers;

        /** With the preparation already started, or null to start it. */
        CmRun(boolean ccvCyclic, CmPrep prep) {
            this.ccvCyclic = ccvCyclic;
            ensureNextRow(); // shared, read-only from here on
            this.prep = prep != null ? prep : new CmPrep();
        }

        private HbFixpoint.Shared shared() {
            return prep.get();
        }

        /** Queues session s with the conflict edges of the given indices (read by this thread only). */
        void submit(int s, IntList edges) {
            int m = edges.size();
            int[] from = new int[m], to = new int[m], via = new int[m];
            int[] log = clockLogs == null ? null : clockLogs[s];
            if (log != null) clockLogs[s] = null; // one run takes it (a second run asks the rows)
            int[][] clocks = readerClocks == null ? null : readerClocks[s];
            if (clocks != null) readerClocks[s] = null;
            for (int j = 0; j < m; j++) {
                int e = edges.get(j);
                from[j] = cfFrom.get(e);
                to[j] = cfTo.get(e);
                via[j] = cfRead.get(e);
            }
            synchronized (this) {
                taskSession[submitted] = s;
                taskFrom[submitted] = from;
                taskTo[submitted] = to;
                taskVia[submitted] = via;
                taskLog[submitted] = log;
                taskReaderClocks[submitted] = clocks;
                submitted++;
                notifyAll();
            }
            if (helpers == null) startHelpers();
        }

        private void startHelpers() {
            helpers = new Thread[Math.max(0, Math.min(cmThreads, 4) - 1)];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = new Thread(this::work, "kvs-check-cm-" + (i + 1));
                helpers[i].setDaemon(true);
                helpers[i].start();
            }
        }

        /** The next task's index, waiting while none is queued and more may come; -1 when done. */
        private synchronized int take() {
            while (taken >= submitted && !closed && !cmStop) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    cmStop = true;
                }
            }
            if (taken >= submitted || cmStop || failure.get() != null || spent.get() > budget) return -1;
            return taken++;
        }

        private void work() {
            long cpu0 = cpuNanos();
            try {
                CmWorker worker = new CmWorker(shared());
                for (int i = take(); i >= 0; i = take()) {
                    CmResult r = worker.checkSession(taskSession[i], taskFrom[i], taskTo[i], taskVia[i], taskLog[i], taskReaderClocks[i], budget,
                            ccvCyclic);
                    synchronized (this) {
                        results[i] = r;
                        taskFrom[i] = taskTo[i] = taskVia[i] = taskLog[i] = null;
                        taskReaderClocks[i] = null;
                    }
                    spent.addAndGet(r.steps());
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                cmStop = true;
                synchronized (this) {
                    notifyAll();
                }
            } finally {
                if (Thread.currentThread() != owner) {
                    helperCpuTotalNanos.addAndGet(cpuNanos() - cpu0);
                }
            }
        }

        /** No more sessions: works along with the helpers, waits for them, and merges. */
        void finish() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            if (helpers == null) startHelpers();
            work();
            joinHelpers();
            Throwable f = failure.get();
            if (f instanceof RuntimeException e) throw e;
            if (f instanceof Error e) throw e;
            merge();
        }

        /** Stops the helpers (the forward pass failed, or the run is replaced). */
        void abandon() {
            cmStop = true;
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            joinHelpers();
            prep.await(); // a next run must not build the key lists beside it
            cmStop = false;
        }

        private void joinHelpers() {
            if (helpers == null) return;
            for (Thread t : helpers) join(t);
        }

        private void join(Thread t) {
            joinFully(t, () -> cmStop = true);
        }

        private void merge() {
            long total = 0;
            List<CmResult> kept = new ArrayList<>();
            for (int i = 0; i < submitted; i++) {
                CmResult r = results[i];
                int s = taskSession[i];
                Check.that(r != null, "cm checked session %d before the budget ran out", s);
                String name = h.sessionNames.get(s);
                if (r.outOfBudget() != null) {
                    cmOutOfBudget(r.outOfBudget() + name);
                    break;
                }
                long before = total;
                total += r.steps();
                if (total > budget) {
                    cmOutOfBudget(r.phaseAt(budget - before) + name);
                    break;
                }
                kept.add(r);
            }
            kept.sort(java.util.Comparator.comparingInt(CmResult::session));
            for (CmResult r : kept) {
                findings.addAll(r.findings());
                hbJustification.putAll(r.justifications());
            }
            cmStepsSpent = total;
        }
    }

    /** The steps the cm searches took, up to where the budget ran out. */
    long cmStepsSpent;

    /** The threads of the cm check: one per core, at most four; {@value #CM_THREADS_PROPERTY} sets it (tests run both ways). */
    private static int cmThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Integer.getInteger(CM_THREADS_PROPERTY, Math.min(cores, 4)));
    }

    static final String CM_THREADS_PROPERTY = "kvs.check.cmThreads";
    /** The cm threads of this analysis (tests set it). */
    int cmThreads = cmThreads();
    /** The cm step budget when not negative (tests set it), instead of {@link #CM_STEPS_PER_OPERATION} per operation. */
    long cmBudget = -1;

    /**
     * What one session's cm searches found, with the steps each search took (in order: the hb
     * fixpoint, the cycle search, the WriteHBInitRead search), or, if one ran past the budget on
     * its own, what it was doing then.
     */
    record CmResult(int session, List<Finding> findings, Map<DerivedEdge, int[]> justifications, long[] phaseSteps, String outOfBudget) {
        long steps() {
            long sum = 0;
            for (long v : phaseSteps) sum += v;
            return sum;
        }

        /** The search during which the budget left for this session (left steps) ran out. */
        String phaseAt(long left) {
            for (int i = 0; i < phaseSteps.length; i++) {
                left -= phaseSteps[i];
                if (left < 0) return PHASES[i];
            }
            return PHASES[PHASES.length - 1];
        }

        static final String[] PHASES = {"deriving the happens-before order of session ",
                "searching the happens-before order of session ", "searching for WriteHBInitRead in session "};
    }

    /**
     * Steps of the cm searches (hb fixpoint, cycle search, WriteHBInitRead search) allowed per kept
     * operation, for at least a million operations: a last resort against pathological histories.
     * The 1M benchmark histories need 24-56 steps per operation (100 to 10,000 sessions).
     */
    static final long CM_STEPS_PER_OPERATION = 250;

    private void cmOutOfBudget(String what) {
        cmIncomplete = true;
        notes.add("The causal-memory (cm) check ran out of its step budget (" + CM_STEPS_PER_OPERATION
                + " steps per operation) while " + what + "; the cm result is unknown.");
    }

    /**
     * The cm searches of one thread, one session at a time: their scratch state (and a cache of
     * {@code after} rows for the session being checked) is the thread's own, and so are the
     * findings and justifications, which the driver merges in session order. Everything else of
     * the analysis is only read.
     */
    final class CmWorker {
        /** This worker's findings for the current session (they shadow the analysis's own). */
        private final List<Finding> findings = new ArrayList<>();
        private final Map<DerivedEdge, int[]> hbJustification = new HashMap<>();
        private final HbFixpoint fixpoint;
        /** The backward rows with this thread's own scratch space (they shadow the analysis's). */
        private final SparseRows back = Analysis.this.back.forThread();
        /** Replays the clock log of the session being checked (the fixpoint's rounds, then the WriteHBInitRead search). */
        final ClockLog.Replay replay = new ClockLog.Replay(fwd, k);
        /** The clock log of the session being checked, or null. */
        private int[] clockLog;
        private int ticks;

        private final HbFixpoint.Shared shared;

        CmWorker(HbFixpoint.Shared shared) {
            this.shared = shared;
            this.fixpoint = new HbFixpoint(Analysis.this, this, shared);
        }

        /** Checks the time limit now and then (and stops when another worker failed). */
        void tick() {
            if ((++ticks & 0x3FFF) == 0 && (cmStop || System.nanoTime() - deadlineNanos > 0)) throw new TimeUp();
        }

        /**
         * {@link #after(int, int)} remembered per operation for the last session asked: the cm
         * searches ask about one session (the one whose hb they build) over and over, and with sparse
         * rows each answer is a search in the row.
         */
        int afterCached(int o, int t) {
            if (t == session(o)) return pos[o];
            if (back.dense) return afterRow[o][t];
            if (afterCache == null) afterCache = new long[n];
            long c = afterCache[o];
            if ((int) (c >>> 32) == t + 1) return (int) c;
            int v = back.get(afterRow[o], t);
            afterCache[o] = (long) (t + 1) << 32 | (v & 0xFFFF_FFFFL);
            return v;
        }

        /** Per operation: the session last asked about (plus one) in the high half, the answer in the low half. */
        private long[] afterCache;

        /** The session being checked. */
        private int session;

        CmResult checkSession(int s, int[] seedFrom, int[] seedTo, int[] seedVia, int[] clockLog, int[][] readerClocks, long budget,
                boolean ccvCyclic) {
            session = s;
            findings.clear();
            hbJustification.clear();
            long[] phaseSteps = new long[3];
            this.clockLog = clockLog;
            this.readerClocks = readerClocks;
            readerClock = null;
            boolean complete = fixpoint.run(s, seedFrom, seedTo, seedVia, clockLog, budget);
            phaseSteps[0] = fixpoint.steps;
            if (!complete) return outOfBudget(phaseSteps, 0);
            budget -= fixpoint.steps;
            int[] from = fixpoint.from.toArray(), to = fixpoint.to.toArray(), via = fixpoint.via.toArray();
            int[] kinds = fixpoint.kind.toArray();
            boolean derived = fixpoint.derivedCount() > 0;
            if (ccvCyclic || derived) {
                // Without derived edges D_s ⊆ CF, so a cycle needs one in CO ∪ CF.
                if (ccvCyclic) {
                    phaseSteps[1] = HbCycle.cost(Analysis.this, from);
                    budget -= phaseSteps[1];
                }
                if (budget <= 0) return outOfBudget(phaseSteps, 1);
                int[] cycle;
                if (ccvCyclic) {
                    cycle = HbCycle.find(Analysis.this, from, to, via, kinds);
                } else {
                    fwdLeft = budget;
                    fwdSteps = 0;
                    try {
                        cycle = cycleThroughDerived(from, to, via, kinds);
                    } catch (OutOfSteps e) {
                        phaseSteps[1] = fwdSteps;
                        return outOfBudget(phaseSteps, 1);
                    }
                    phaseSteps[1] = fwdSteps;
                    budget -= fwdSteps;
                }
                if (cycle != null) {
                    keepJustifications(fixpoint, cycle, 0);
                    findings.add(new Finding("cm", "CyclicHB", "session:" + s, cycle));
                    return result(phaseSteps);
                }
            }
            phaseSteps[2] = writeHBInitReads(s, from, to, via, kinds, fixpoint.activation, budget);
            for (Finding f : findings) {
                int[] ops = f.ops();
                if (ops.length > 2 && ops[2] == HB_SEGMENTS) {
                    forEachSegmentEdge(ops, at -> keepJustifications(fixpoint, Arrays.copyOfRange(ops, at + 1, at + 1 + ops[at]), 0));
                } else {
                    keepJustifications(fixpoint, ops, 2);
                }
            }
            if (budget - phaseSteps[2] <= 0) return outOfBudget(phaseSteps, 2);
            return result(phaseSteps);
        }

        private CmResult result(long[] phaseSteps) {
            return new CmResult(session, List.copyOf(findings), new HashMap<>(hbJustification), phaseSteps, null);
        }

        private CmResult outOfBudget(long[] phaseSteps, int phase) {
            return new CmResult(session, List.of(), Map.of(), phaseSteps, CmResult.PHASES[phase]);
        }


        /**
         * A cycle of CO ∪ D_s when CO ∪ CF is acyclic: then every cycle takes a derived edge c → t
         * (D_s without its derived edges is part of CF), so there is one iff some derived edge has
         * t hb_s c: the hb-future of each derived edge's target ({@link Forward}) is asked for its
         * source. Returns the cycle as triples (node, kind, via), kind −1 a causal path, or null.
         */
        private int[] cycleThroughDerived(int[] from, int[] to, int[] via, int[] kinds) {
            buildSourceIndex(from, to);
            for (int e = 0; e < from.length; e++) {
                if (kinds[e] != EDGE_HB) continue;
                step();
                Forward f = new Forward(to[e], from, to, false);
                int i = f.reach(from[e]);
                if (i < 0) continue;
                int[] segment = f.segment(i, from[e], from, kinds, via);
                int[] cycle = Arrays.copyOfRange(segment, 1, segment.length);
                cycle[cycle.length - 2] = kinds[e]; // the segment ends at from[e]: the edge closes the cycle
                cycle[cycle.length - 1] = via[e];
                return cycle;
            }
            return null;
        }

        /** Keeps the justification of each derived edge in a finding's triples (node, kind, via), from index start. */
        private void keepJustifications(HbFixpoint fixpoint, int[] triples, int start) {
            int m = (triples.length - start) / 3;
            for (int i = 0; i < m; i++) {
                if (triples[start + 3 * i + 1] != EDGE_HB) continue;
                int f = triples[start + 3 * i];
                int t = triples[start + 3 * ((i + 1) % m)];
                int r = triples[start + 3 * i + 2];
                int[] path = fixpoint.justification.get(new DerivedEdge(f, t, r));
                Check.that(path != null, "derived edge #%d → #%d has a justification", f, t);
                hbJustification.put(new DerivedEdge(f, t, r), path);
            }
        }

        /** Returns the steps spent. */
        private long writeHBInitReads(int s, int[] from, int[] to, int[] via, int[] kinds, IntList activation, long budget) {
            int[] ops = sessOps[s];
            boolean anyInitRead = false;
            for (int o : ops) {
                if (role[o] == R_ABSENT && !initReadReported.get(o)) { anyInitRead = true; break; }
            }
            if (!anyInitRead) return 0;
            // Order the edges by the first position of s at which their target is in the causal past.
            int[] threshold = new int[from.length];
            long[] keys = new long[from.length];
            for (int i = 0; i < from.length; i++) {
                threshold[i] = activation.get(i);
                keys[i] = (long) threshold[i] << 32 | i;
            }
            Arrays.sort(keys); // by threshold, then index
            int[] order = new int[from.length];
            for (int i = 0; i < order.length; i++) order[i] = (int) keys[i];
            // D edges by target: linked lists through hbInNext, heads in hbInHead (reset at the end).
            if (hbParent == null) {
                hbParent = new int[n];
                hbParentKind = new int[n];
                hbParentVia = new int[n];
                hbStamp = new int[n];
                hbInHead = new int[n];
                Arrays.fill(hbInHead, -1);
            }
            int[] inNext = new int[to.length];
            for (int i = 0; i < to.length; i++) {
                inNext[i] = hbInHead[to[i]];
                hbInHead[to[i]] = i;
            }
            try {
                return searchInitReads(s, ops, order, threshold, inNext, from, to, via, kinds, budget);
            } finally {
                for (int i = 0; i < to.length; i++) hbInHead[to[i]] = -1;
            }
        }

        /**
         * The backward search of hb_s for the absent reads of s, in session order: for each read r,
         * X(r) = its hb-past outside its causal past C(r), stamped (with parent links for the witness)
         * from the sources of the D edges whose target is in C(r), backwards over session order,
         * read-from and reversed D edges. Nodes in C(r) are marked but not expanded: their
         * predecessors over session order and read-from are in C(r) too, and a D edge into C(r) is a
         * seed of its own. C(r) only grows along the session, so X is grown incrementally and each
         * node is expanded at most once per session. hb-past(r) = C(r) ∪ X(r), a prefix of each
         * session: {@link #hbMaxStamped} holds X's end per session.
         */
        private long searchInitReads(int s, int[] ops, int[] order, int[] threshold, int[] inNext, int[] from, int[] to, int[] via,
                int[] kinds, long budget) {
            int stamp = ++hbRound;
            int[] parent = hbParent, parentKind = hbParentKind, parentVia = hbParentVia;
            // Per key, the first write of it that entered X (valid while its stamp is this search's).
            if (firstWrite == null) {
                firstWrite = new int[h.keyNames.size()];
                firstWriteStamp = new int[firstWrite.length];
            }
            if (clockLog != null) replay.reset(clockLog);
            if (hbMaxStamped == null) {
                hbMaxStamped = new int[k];
                Arrays.fill(hbMaxStamped, -1);
            }
            for (int i = 0; i < hbTouched.size(); i++) hbMaxStamped[hbTouched.get(i)] = -1;
            hbTouched.truncate(0);
            srcSorted = null;
            readFutures = null;
            IntList queue = new IntList();
            long steps = 0;
            int next = 0;
            int absent = 0;
            for (int o : ops) {
                if (role[o] != R_ABSENT) continue;
                hbReader = o;
                if (readerClocks != null) {
                    Check.that(absent < readerClocks.length, "session %d has a clock for each absent read", s);
                    readerClock = readerClocks[absent++];
                }
                if (clockLog != null) replay.advanceTo(pos[o]);
                while (next < order.length && threshold[order[next]] <= pos[o]) {
                    int e = order[next++];
                    int a = from[e];
                    if (hbStamp[a] != stamp) {
                        hbStamp[a] = stamp;
                        parent[a] = -1;
                        parentKind[a] = kinds[e];
                        parentVia[a] = e;
                        queue.add(a);
                    }
                }
                for (int head = 0; head < queue.size(); head++) {
                    if (++steps > budget) return steps;
                    tick();
                    int v = queue.get(head);
                    if (inReadersPast(v)) continue; // in C(o): marked, not expanded
                    if (role[v] == R_PUT && firstWriteStamp[h.key.get(v)] != stamp) {
                        firstWriteStamp[h.key.get(v)] = stamp;
                        firstWrite[h.key.get(v)] = v;
                    }
                    int sv = session(v);
                    if (hbMaxStamped[sv] < 0) hbTouched.add(sv);
                    if (pos[v] > hbMaxStamped[sv]) hbMaxStamped[sv] = pos[v];
                    if (pos[v] > 0) visit(sessOps[sv][pos[v] - 1], v, EDGE_PO, -1, stamp, queue);
                    if (role[v] == R_READ) visit(src[v], v, EDGE_RF, -1, stamp, queue);
                    for (int e = hbInHead[v]; e >= 0; e = inNext[e]) visit(from[e], v, kinds[e], via[e], stamp, queue);
                }
                queue.truncate(0);
                int x = h.key.get(o);
                // Not already a WriteCOInitRead: cm adds only what co alone does not show.
                if (initReadReported.get(o)) continue;
                if (deletesOnKey[x] != null) {
                    fwdLeft = budget - steps;
                    fwdSteps = 0;
                    try {
                        absentReadWithDeletes(o, x, from, to, via, kinds);
                    } catch (OutOfSteps e) {
                        return budget + 1;
                    } finally {
                        steps += fwdSteps;
                    }
                    continue;
                }
                if (firstWriteStamp[x] != stamp) continue;
                int w = firstWrite[x];
                IntList path = new IntList();
                int v = w;
                while (parent[v] >= 0) {
                    path.add(v); path.add(parentKind[v]); path.add(parentVia[v]);
                    v = parent[v];
                }
                // v entered as the source of D edge e = parentVia[v]: v → to[e] ≤co o.
                int e = parentVia[v];
                path.add(v); path.add(kinds[e]); path.add(via[e]);
                path.add(to[e]); path.add(-1); path.add(-1);
                int[] witness = new int[2 + path.size()];
                witness[0] = o;
                witness[1] = w;
                System.arraycopy(path.toArray(), 0, witness, 2, path.size());
                findings.add(new Finding("cm", "WriteHBInitRead", "init:" + x + ">" + w, witness));
            }
            return steps;
        }

        private int[] hbParent, hbParentKind, hbParentVia, hbStamp, hbInHead;
        private int hbRound;
        /** The absent read whose hb-past the search holds (the predicate of {@link #inHbPast}). */
        private int hbReader = -1;
        private int[] firstWrite, firstWriteStamp;

        /** The clocks of the absent reads of the session being checked (the forward pass kept them), or null. */
        private int[][] readerClocks;
        /** The clock of the current absent read, or null. */
        private int[] readerClock;

        /**
         * v ≤co the current absent read: from the session's clock log, replayed up to the read, or
         * the read's own clock, or else from v's row.
         */
        private boolean inReadersPast(int v) {
            return inReadersPast(session(v), pos[v], v);
        }

        /** {@link #inReadersPast(int)} for v at position q of session t. */
        private boolean inReadersPast(int t, int q, int v) {
            if (t == session(hbReader)) return q <= pos[hbReader];
            int end = readersPastEnd(t);
            return end != PAST_END_UNKNOWN ? q <= end : coLeq(v, hbReader);
        }

        private static final int PAST_END_UNKNOWN = Integer.MIN_VALUE;

        /** The last position of session t (not the reader's) in the current absent read's causal past (-1 if none), or PAST_END_UNKNOWN without a log or clock. */
        private int readersPastEnd(int t) {
            if (clockLog != null) return replay.end(t);
            if (readerClock != null) return fwd.dense ? readerClock[t] : fwd.get(readerClock, t);
            return PAST_END_UNKNOWN;
        }

        private long fwdLeft, fwdSteps;

        private void step() {
            fwdSteps++;
            if (--fwdLeft < 0) throw new OutOfSteps();
            tick();
        }

        /** a ≤co b, asking this worker's cache. */
        private boolean coLeq(int a, int b) {
            return Analysis.this.coLeq(a, b, this);
        }

        /** Per session, the end of X (the stamped part of the hb-past outside the causal past), -1 if none; reset where touched. */
        private int[] hbMaxStamped;
        private final IntList hbTouched = new IntList();
        /** Per session t, the D_s edges whose source is in t, by the source's position (built on first use per session s). */
        private int[][] srcSorted;

        /**
         * The hb_s-future of u in CO ∪ D_s: for each session, the first position in it (a suffix of
         * each session), as one backward row, the join of the rows of its entry points: u itself and
         * the target of every D edge whose source is in the future. The sources of one session in
         * the future are a suffix of them by position, so each edge fires once, when the future's
         * first position in its session passes it; only the sessions that hold sources are looked at.
         * An edge whose target is already in the future adds nothing (its causal future is in that of
         * the entry that reached it) and is skipped. With {@code withinHbPast} only the part inside
         * the hb-past H of the current absent read is computed ({@link #inHbPast}): exact for every
         * node of H, since a path between two nodes of H stays in H (sources outside H are never
         * fired, and edges into targets outside H are skipped). Which entry reached a node is found
         * again only for a witness.
         */
        private final class Forward {
            int[] union = back.empty;
            /** Whether union is this future's own array (dense rows, once a join changed it), so later joins go in place. */
            private boolean owned;
            /** Per source session g, the sources [0, firedFrom[g]) not yet fired (by position); -1 until first looked at. */
            private final int[] firedFrom = new int[srcSessions.length];
            final IntList entry = new IntList(), edge = new IntList();
            private final boolean withinHbPast;

            Forward(int u, int[] from, int[] to, boolean withinHbPast) {
                this.withinHbPast = withinHbPast;
                Arrays.fill(firedFrom, -1);
                enter(u, -1);
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (int g = 0; g < srcSessions.length; g++) {
                        step();
                        int t = srcSessions[g];
                        int f = back.get(union, t);
                        if (f == SparseRows.NONE) continue;
                        int[] edges = srcSorted[g];
                        if (firedFrom[g] < 0) firedFrom[g] = withinHbPast ? sourcesInHbPast(g, from) : edges.length;
                        int[] sourcePos = srcPos[g], targetSession = srcTargetSession[g], targetPos = srcTargetPos[g];
                        while (firedFrom[g] > 0 && sourcePos[firedFrom[g] - 1] >= f) {
                            int i = --firedFrom[g], j = edges[i];
                            step();
                            int target = to[j], tt = targetSession[i], tp = targetPos[i];
                            if (back.get(union, tt) <= tp) continue; // reached already
                            if (withinHbPast && !inHbPast(tt, tp, target)) continue;
                            enter(target, j);
                            changed = true;
                            f = back.get(union, t);
                        }
                    }
                }
            }

            private void enter(int o, int viaEdge) {
                step();
                int[] joined = joinCausalFuture(union, o, owned);
                owned |= back.dense && joined != union;
                union = joined;
                entry.add(o);
                edge.add(viaEdge);
            }

            boolean reaches(int v) {
                return back.get(union, session(v)) <= pos[v];
            }

            /** The index of an entry that causally precedes or equals v, or -1 if v is not in the future. */
            int reach(int v) {
                return reaches(v) ? entryReaching(v, entry.size()) : -1;
            }

            /** The first entry below {@code end} that causally precedes or equals v. */
            private int entryReaching(int v, int end) {
                for (int i = 0; i < end; i++) if (firstPos(entry.get(i), session(v)) <= pos[v]) return i;
                Check.that(false, "a node of the future (#%d) is reached by an entry", v);
                return -1;
            }

            /** The path from u to v through entry i, as [length, triples (node, kind, via)...]; kind -1 is a causal path. */
            int[] segment(int i, int v, int[] from, int[] kinds, int[] via) {
                IntList rev = new IntList(); // triples, last first
                rev.add(-1); rev.add(-1); rev.add(v);
                int cur = v;
                while (true) {
                    int en = entry.get(i);
                    if (en != cur) { rev.add(-1); rev.add(-1); rev.add(en); cur = en; }
                    int j = edge.get(i);
                    if (j < 0) break;
                    rev.add(via[j]); rev.add(kinds[j]); rev.add(from[j]);
                    cur = from[j];
                    i = entryReaching(from[j], i); // the entries before i made from[j] fire
                }
                int[] out = new int[1 + rev.size()];
                out[0] = rev.size();
                for (int q = 0; q < rev.size(); q++) out[1 + q] = rev.get(rev.size() - 1 - q);
                return out;
            }
        }

        /**
         * Whether the hb-future of d inside H is more than its causal future there: whether some D
         * edge has its source in d's causal future and in H, and its target in H but not in d's
         * causal future (the first edge a {@link Forward} of d within H would take).
         */
        private boolean anyEdgeLeadsOnInHbPast(int d, int[] from, int[] to) {
            if (srcSorted == null) buildSourceIndex(from, to);
            // d's causal future: the row of the next operation of its session that has one, with d's own position.
            ensureNextRow();
            int u = nextRow[d], sd = session(d), pd = pos[d];
            int[] row = u < 0 ? back.empty : afterRow[u];
            step();
            for (int g = 0; g < srcSessions.length; g++) {
                step();
                int f = srcSessions[g] == sd ? pd : back.get(row, srcSessions[g]);
                if (f == SparseRows.NONE) continue;
                int[] edges = srcSorted[g], sourcePos = srcPos[g], targetSession = srcTargetSession[g], targetPos = srcTargetPos[g];
                for (int i = sourcesInHbPast(g, from) - 1; i >= 0 && sourcePos[i] >= f; i--) {
                    step();
                    int tt = targetSession[i], tp = targetPos[i];
                    if ((tt == sd ? pd : back.get(row, tt)) > tp && inHbPast(tt, tp, to[edges[i]])) return true;
                }
            }
            return false;
        }

        /**
         * The join of a backward row with o's causal future (the row of the next operation of o's
         * session that has one, with o's own position: that row's value in o's session, if any, is
         * later, since CO is acyclic here), without building the future's row. With {@code owned}
         * (dense rows only) the union is the caller's and is joined in place.
         */
        private int[] joinCausalFuture(int[] union, int o, boolean owned) {
            ensureNextRow();
            int u = nextRow[o];
            int[] row = u < 0 ? back.empty : afterRow[u];
            return owned ? back.joinInto(union, row, session(o), pos[o]) : back.join(union, row, session(o), pos[o]);
        }

        /** How many of one session's sources (sorted by position) are in H, a prefix of the session. */
        private int sourcesInHbPast(int g, int[] from) {
            int[] edges = srcSorted[g], sourcePos = srcPos[g];
            int end = hbPastEnd(srcSessions[g]);
            int lo = 0, hi = edges.length;
            while (lo < hi) {
                step();
                int mid = (lo + hi) >>> 1;
                if (end != PAST_END_UNKNOWN ? sourcePos[mid] <= end : inHbPast(from[edges[mid]])) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        /** The sessions that hold sources of the session's D edges, ascending, and per such session its edges by source position. */
        private int[] srcSessions;
        /** Per source session, and per edge in the order of {@link #srcSorted}: its source's position, its target's session and position (read in order, not through the edge). */
        private int[][] srcPos, srcTargetSession, srcTargetPos;

        private void buildSourceIndex(int[] from, int[] to) {
            long[] keys = new long[from.length];
            for (int j = 0; j < from.length; j++) keys[j] = (long) shared.index(Analysis.this, from[j]) << 32 | j;
            Arrays.sort(keys); // by source session, then position (session-major index), then edge index
            int[] sorted = new int[from.length];
            for (int j = 0; j < from.length; j++) sorted[j] = (int) keys[j];
            IntList sessions = new IntList(), starts = new IntList();
            for (int i = 0; i < sorted.length; i++) {
                int t = session(from[sorted[i]]);
                if (i == 0 || t != sessions.get(sessions.size() - 1)) {
                    sessions.add(t);
                    starts.add(i);
                }
            }
            starts.add(sorted.length);
            srcSessions = sessions.toArray();
            srcSorted = new int[srcSessions.length][];
            srcPos = new int[srcSessions.length][];
            srcTargetSession = new int[srcSessions.length][];
            srcTargetPos = new int[srcSessions.length][];
            for (int g = 0; g < srcSessions.length; g++) {
                int[] edges = new int[starts.get(g + 1) - starts.get(g)];
                for (int i = 0; i < edges.length; i++) edges[i] = sorted[starts.get(g) + i];
                srcSorted[g] = edges;
                srcPos[g] = new int[edges.length];
                srcTargetSession[g] = new int[edges.length];
                srcTargetPos[g] = new int[edges.length];
                for (int i = 0; i < edges.length; i++) {
                    srcPos[g][i] = pos[from[edges[i]]];
                    srcTargetSession[g][i] = session(to[edges[i]]);
                    srcTargetPos[g][i] = pos[to[edges[i]]];
                }
            }
            steps(from.length);
        }

        /** The hb_s-futures of the session's absent reads that {@link #absentReadWithDeletes} asks about (built on first use per session s). */
        private ReadFutures readFutures;

        /**
         * The hb_s-future of every absent read of s on a key with deletes, as a backward row (the
         * first position of each session in it), for the question "r hb d?". Futures only shrink
         * along a session (r hb r' for r before r'), so they are built latest read first, each
         * from the next one's: the future of r is the closure of r's causal future and the next
         * read's future, and every D edge whose source is in it fires once for the whole session
         * (per source session, the sources are fired from the last one backwards as the future's
         * first position there moves back). Rows are immutable, so each read keeps the row it had.
         * Which entry reached a node is not kept: a witness computes a {@link Forward} of its own.
         */
        private final class ReadFutures {
            /** The reads' positions, ascending, and the row of each. */
            private final int[] readPos;
            private final int[][] rows;

            ReadFutures(int s, int[] from, int[] to) {
                IntList reads = new IntList();
                for (int o : sessOps[s]) {
                    if (role[o] == R_ABSENT && deletesOnKey[h.key.get(o)] != null && !initReadReported.get(o)) reads.add(o);
                }
                int m = reads.size();
                readPos = new int[m];
                for (int i = 0; i < m; i++) readPos[i] = pos[reads.get(i)];
                int[] firedFrom = new int[srcSessions.length];
                for (int g = 0; g < firedFrom.length; g++) firedFrom[g] = srcSorted[g].length;
                rows = new int[m][];
                int[] union = back.empty;
                for (int i = m - 1; i >= 0; i--) {
                    union = enter(union, reads.get(i));
                    boolean changed = true;
                    while (changed) {
                        changed = false;
                        for (int g = 0; g < srcSessions.length; g++) {
                            step();
                            int f = back.get(union, srcSessions[g]);
                            if (f == SparseRows.NONE) continue;
                            int[] edges = srcSorted[g], sourcePos = srcPos[g], targetSession = srcTargetSession[g], targetPos = srcTargetPos[g];
                            while (firedFrom[g] > 0 && sourcePos[firedFrom[g] - 1] >= f) {
                                int c = --firedFrom[g], target = to[edges[c]];
                                step();
                                if (back.get(union, targetSession[c]) <= targetPos[c]) continue;
                                union = enter(union, target);
                                changed = true;
                                f = back.get(union, srcSessions[g]);
                            }
                        }
                    }
                    rows[i] = union;
                    owned = false; // the read keeps this row
                }
            }

            /** Whether the union being built is this builder's own array, not yet kept by a read (dense rows). */
            private boolean owned;

            private int[] enter(int[] union, int o) {
                step();
                int[] joined = joinCausalFuture(union, o, owned);
                owned |= back.dense && joined != union;
                return joined;
            }

            /** r hb_s v, for one of the reads. */
            boolean reaches(int r, int v) {
                int i = Arrays.binarySearch(readPos, pos[r]);
                Check.that(i >= 0, "absent read #%d has its hb-future", r);
                return back.get(rows[i], session(v)) <= pos[v];
            }
        }

        private ReadFutures readFutures(int s, int[] from, int[] to) {
            if (srcSorted == null) buildSourceIndex(from, to);
            ensureNextRow();
            if (readFutures == null) readFutures = new ReadFutures(s, from, to);
            return readFutures;
        }

        /** Whether v is in the hb-past H of the current absent read: its causal past, or up to X's end in v's session. */
        private boolean inHbPast(int v) {
            return inHbPast(session(v), pos[v], v);
        }

        /** {@link #inHbPast(int)} for v at position q of session t. */
        private boolean inHbPast(int t, int q, int v) {
            return q <= hbMaxStamped[t] || inReadersPast(t, q, v);
        }

        /** The end of H in session t (the later of C's and X's), or PAST_END_UNKNOWN without a log or clock. */
        private int hbPastEnd(int t) {
            int end = t == session(hbReader) ? pos[hbReader] : readersPastEnd(t);
            return end == PAST_END_UNKNOWN ? end : Math.max(end, hbMaxStamped[t]);
        }

        /** The last write of key x by its g-th writing session that is in H, or -1 (H is a prefix of each session). */
        private int lastWriteInHbPast(int x, int g) {
            step(); // one step however it is answered, so that the budget does not depend on the logs and clocks kept
            int end = hbPastEnd(keySessions[x][g]);
            if (end != PAST_END_UNKNOWN) return lastWriteOfKeyAt(x, g, end);
            int[] writes = keyWrites[x];
            int lo = keySessionStart[x][g], hi = keySessionStart[x][g + 1] - 1, found = -1;
            if (inHbPast(writes[hi])) return writes[hi];
            hi--;
            while (lo <= hi) {
                tick();
                int mid = (lo + hi) >>> 1;
                if (inHbPast(writes[mid])) {
                    found = writes[mid];
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }

        /** Per operation, the stamp of the last {@link #absentReadWithDeletes} call that tried it as a candidate source. */
        private int[] doneStamp;
        private int doneRound;

        /**
         * An absent read r of key x with deletes, not already a WriteCOInitRead: reported when every
         * candidate source is ruled out in hb_s. Its hb-past H is, in each session, a prefix (its
         * causal past and the stamped part X), so the writes of x in H that matter are L, the last one
         * of each session that writes x: the initial state is ruled out when L is not empty; a delete
         * d in H when d hb w for some w ≠ d in L (a later write of x in H has an L write after it in
         * its session). That is tried with d ≤co w first; the writes of L that causally precede d
         * cannot follow it (hb_s is acyclic here); only when some are concurrent with d in CO is d's
         * hb-future computed, and only inside H. A delete outside H is ruled out by r hb d.
         * Candidates are tried likeliest first (the deletes of L, then every delete, latest first),
         * stopping at the first possible source. Steps count against the cm budget
         * ({@link OutOfSteps}).
         */
        private void absentReadWithDeletes(int r, int x, int[] from, int[] to, int[] via, int[] kinds) {
            if (srcSorted == null) buildSourceIndex(from, to);
            int s = session(r);
            int known = ccSource == null ? 0 : ccSource[r];
            if (known == CC_SOURCE_INIT) {
                // No write of x in C(r): the writes of x in H are those in X, which lies in the sessions the search reached.
                boolean any = false;
                for (int i = 0; i < hbTouched.size() && !any; i++) {
                    step();
                    int t = hbTouched.get(i);
                    any = lastWriteOfKey(x, t, hbMaxStamped[t]) >= 0;
                }
                if (!any) return; // the initial state is still a possible source
            } else if (known > 0 && !inHbPast(known - 1)) {
                // The delete cc found possible, outside H: it stays possible unless r hb d.
                if (!readFutures(s, from, to).reaches(r, known - 1)) return;
            } else if (known > 0) {
                // The delete cc found possible, inside H: no write of x in C follows it in CO (cc looked). If no D edge
                // leads on from it inside H, hb and CO agree on its future there, so only X's writes of x can overwrite it.
                int d = known - 1;
                if (!anyEdgeLeadsOnInHbPast(d, from, to)) {
                    boolean overwritten = false;
                    for (int i = 0; i < hbTouched.size() && !overwritten; i++) {
                        step();
                        int t = hbTouched.get(i);
                        int lw = lastWriteOfKey(x, t, hbMaxStamped[t]);
                        overwritten = lw >= 0 && lw != d && firstPos(d, t) <= pos[lw];
                    }
                    if (!overwritten) return;
                }
            }
            int[] writers = keySessions[x];
            IntList last = new IntList(Math.min(writers.length, 16));
            for (int g = 0; g < writers.length; g++) {
                int lw = lastWriteInHbPast(x, g);
                if (lw >= 0) last.add(lw);
            }
            if (last.size() == 0) return; // the initial state is a possible source
            int w = last.get(0);
            IntList deletes = deletesOnKey[x];
            IntList order = new IntList();
            for (int i = 0; i < last.size(); i++) if (role[last.get(i)] == R_DEL) order.add(last.get(i));
            for (int i = deletes.size() - 1; i >= 0; i--) order.add(deletes.get(i));
            IntList pairs = new IntList(); // (d, overwriter or -1 if r hb d)
            if (doneStamp == null) doneStamp = new int[n];
            int done = ++doneRound; // the candidates tried for this read are stamped with it
            IntList concurrent = new IntList();
            int lastOver = -1;
            for (int i = 0; i < order.size(); i++) {
                int d = order.get(i);
                step();
                if (doneStamp[d] == done) continue;
                doneStamp[d] = done;
                int sd = session(d);
                if (inHbPast(d)) {
                    int over = -1;
                    concurrent.truncate(0);
                    // The write that ruled out the previous delete likely rules out this one too.
                    if (lastOver >= 0 && lastOver != d && firstPos(d, session(lastOver)) <= pos[lastOver]) over = lastOver;
                    for (int j = 0; j < last.size() && over < 0; j++) {
                        step();
                        int lw = last.get(j);
                        if (lw == d) continue;
                        if (firstPos(d, session(lw)) <= pos[lw]) over = lw; // d ≤co lw
                        else if (!coLeq(lw, d)) concurrent.add(lw);
                    }
                    if (over < 0 && concurrent.size() > 0) {
                        Forward fd = new Forward(d, from, to, true);
                        for (int j = 0; j < concurrent.size() && over < 0; j++) if (fd.reach(concurrent.get(j)) >= 0) over = concurrent.get(j);
                    }
                    if (over < 0) return; // d is a possible source
                    lastOver = over;
                    pairs.add(d);
                    pairs.add(over);
                } else {
                    if (after(r, sd) > pos[d]) { // not r ≤co d
                        // The hb-future of an earlier read of s holds r's: what it does not reach, r does not.
                        if (!readFutures(s, from, to).reaches(r, d)) return; // d is concurrent with r in hb_s: a possible source
                    }
                    pairs.add(d);
                    pairs.add(-1);
                }
            }
            // Every candidate is ruled out: the witness, with a path for each ruling.
            IntList parts = new IntList();
            Forward fromRead = new Forward(r, from, to, false);
            for (int i = 0; i < pairs.size(); i += 2) {
                int d = pairs.get(i), over = pairs.get(i + 1);
                parts.add(d);
                parts.add(over);
                if (over >= 0) {
                    Forward fd = new Forward(d, from, to, true);
                    int e = fd.reach(over);
                    Check.that(e >= 0, "delete #%d happens before write #%d", d, over);
                    addAll(parts, fd.segment(e, over, from, kinds, via));
                    Forward fo = new Forward(over, from, to, true);
                    e = fo.reach(r);
                    Check.that(e >= 0, "write #%d happens before read #%d", over, r);
                    addAll(parts, fo.segment(e, r, from, kinds, via));
                } else {
                    int e = fromRead.reach(d);
                    Check.that(e >= 0, "read #%d happens before delete #%d", r, d);
                    addAll(parts, fromRead.segment(e, d, from, kinds, via));
                }
            }
            Forward fw = new Forward(w, from, to, true);
            int e = fw.reach(r);
            Check.that(e >= 0, "write #%d happens before read #%d", w, r);
            IntList witness = new IntList();
            witness.add(r);
            witness.add(w);
            witness.add(HB_SEGMENTS);
            addAll(witness, fw.segment(e, r, from, kinds, via));
            for (int i = 0; i < parts.size(); i++) witness.add(parts.get(i));
            findings.add(new Finding("cm", "WriteHBInitRead", "init:" + x + ">" + w, witness.toArray()));
        }

        private void visit(int p, int v, int kind, int via, int stamp, IntList queue) {
            if (hbStamp[p] == stamp) return;
            hbStamp[p] = stamp;
            hbParent[p] = v;
            hbParentKind[p] = kind;
            hbParentVia[p] = via;
            queue.add(p);
        }
    }

    /** Marks a WriteHBInitRead witness of a key with deletes: [r, w, HB_SEGMENTS, seg(w→r), then per delete d: d, w', seg(d→w'), seg(w'→r) if w' ≥ 0, else seg(r→d)]. */
    static final int HB_SEGMENTS = -3;

    private static final class OutOfSteps extends RuntimeException {
        OutOfSteps() {
            super(null, null, false, false);
        }
    }

    private int[] nextRow;

    private void ensureNextRow() {
        if (nextRow == null) {
            nextRow = new int[n];
            for (int t = 0; t < k; t++) {
                int next = -1;
                int[] ops = sessOps[t];
                for (int q = ops.length - 1; q >= 0; q--) {
                    if (hasAfter(ops[q])) next = ops[q];
                    nextRow[ops[q]] = next;
                }
            }
        }
    }

    /** The first position of session t that o causally precedes or equals, or INF. */
    private int firstPos(int o, int t) {
        if (t == session(o)) return pos[o];
        ensureNextRow();
        int u = nextRow[o];
        return u < 0 ? INF : after(u, t);
    }

    private static void addAll(IntList out, int[] values) {
        for (int v : values) out.add(v);
    }

    /** The D edges of a segmented WriteHBInitRead witness whose justification to keep: (from, to, via) per derived edge. */
    static void forEachSegmentEdge(int[] o, java.util.function.IntConsumer triplesStart) {
        int i = 3;
        i = eachSegment(o, i, triplesStart);
        while (i < o.length) {
            int over = o[i + 1];
            i += 2;
            i = eachSegment(o, i, triplesStart);
            if (over >= 0) i = eachSegment(o, i, triplesStart);
        }
    }

    private static int eachSegment(int[] o, int i, java.util.function.IntConsumer at) {
        at.accept(i);
        return i + 1 + o[i];
    }

    /** a ≤co b for any two operations (CO is acyclic here), from the first operation at or after a with an {@code after} row. */
    private boolean coLeq(int a, int b) {
        return coLeq(a, b, null);
    }

    /** {@link #coLeq(int, int)}, asking the cache of worker w (null: the rows themselves). */
    private boolean coLeq(int a, int b, CmWorker w) {
        if (a == b) return true;
        int sa = session(a), sb = session(b);
        if (sa == sb) return pos[a] <= pos[b];
        if (topoIndex[a] > topoIndex[b]) return false;
        ensureNextRow();
        int u = nextRow[a];
        return u >= 0 && (w == null ? after(u, sb) : w.afterCached(u, sb)) <= pos[b];
    }


    // ---- convergence of the final reads ----------------------------------------------------

    private void checkConvergence() {
        Map<Integer, IntList> finalReads = new java.util.TreeMap<>();
        for (int o = 0; o < n; o++) {
            if ((role[o] == R_READ || role[o] == R_ABSENT) && h.isFinal(o)) {
                finalReads.computeIfAbsent(h.key.get(o), x -> new IntList(4)).add(o);
            }
        }
        for (Map.Entry<Integer, IntList> e : finalReads.entrySet()) {
            int x = e.getKey();
            IntList reads = e.getValue();
            IntList distinct = new IntList(4);
            IntList sources = new IntList(4);
            for (int i = 0; i < reads.size(); i++) {
                int r = reads.get(i);
                int source = role[r] == R_READ ? src[r] : -1;
                boolean known = false;
                for (int j = 0; j < sources.size(); j++) if (sources.get(j) == source) known = true;
                if (!known) {
                    sources.add(source);
                    distinct.add(r);
                }
            }
            if (distinct.size() > 1) {
                findings.add(new Finding("convergence", "FinalReadsDisagree", "key:" + x, distinct.toArray()));
            }
            for (int i = 0; i < distinct.size(); i++) {
                int r = distinct.get(i);
                int[] lost = role[r] == R_READ ? overwrittenFinal(x, src[r]) : overwrittenAbsent(x);
                if (lost != null) {
                    int[] ops = new int[1 + lost.length];
                    ops[0] = r;
                    System.arraycopy(lost, 0, ops, 1, lost.length);
                    findings.add(new Finding("convergence", "FinalValueOverwritten", "key:" + x, ops));
                }
            }
        }
    }

    private boolean acknowledged(int w) {
        return h.outcome(w) == History.OK && (role[w] == R_PUT || role[w] == R_DEL);
    }

    /** [f, w]: an acknowledged write w on x that f causally precedes, or null. */
    private int[] overwrittenFinal(int x, int f) {
        IntList writes = writesOnKey[x];
        for (int i = 0; i < writes.size(); i++) {
            int w = writes.get(i);
            if (w != f && acknowledged(w) && precedesOrEquals(f, w)) return new int[] {f, w};
        }
        return null;
    }

    /** Whether an acknowledged write of {@code writes} other than w causally follows w. */
    boolean overwrittenByAcknowledged(IntList writes, int w) {
        for (int j = 0; j < writes.size(); j++) {
            int other = writes.get(j);
            if (other != w && acknowledged(other) && coLeq(w, other)) return true;
        }
        return false;
    }

    /**
     * [-1, w, d1, wd1, ...]: absent is wrong if the initial state and every delete is overwritten;
     * w is an acknowledged put that no acknowledged write causally follows.
     */
    private int[] overwrittenAbsent(int x) {
        IntList writes = writesOnKey[x];
        if (writes == null) return null;
        // The put to name is one that no acknowledged write of the key causally follows: the one
        // whose loss the absent read shows. Later invocations are likelier to be maximal.
        int put = -1;
        for (int i = writes.size() - 1; i >= 0 && put < 0; i--) {
            int w = writes.get(i);
            if (role[w] == R_PUT && acknowledged(w) && !overwrittenByAcknowledged(writes, w)) put = w;
        }
        for (int i = 0; i < writes.size() && put < 0; i++) { // only with a cyclic causal order
            int w = writes.get(i);
            if (role[w] == R_PUT && acknowledged(w)) put = w;
        }
        if (put < 0) return null;
        IntList out = new IntList();
        out.add(-1);
        out.add(put);
        IntList deletes = deletesOnKey[x];
        if (deletes != null) {
            for (int i = 0; i < deletes.size(); i++) {
                int d = deletes.get(i);
                int over = -1;
                for (int j = 0; j < writes.size() && over < 0; j++) {
                    int w = writes.get(j);
                    if (w != d && acknowledged(w) && precedesOrEquals(d, w)) over = w;
                }
                if (over < 0) return null;
                out.add(d);
                out.add(over);
            }
        }
        return out.toArray();
    }
}
