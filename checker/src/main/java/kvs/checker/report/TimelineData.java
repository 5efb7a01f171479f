package kvs.checker.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import kvs.checker.causal.History;
import kvs.checker.history.FaultEvent;

/**
 * The timeline's data in compact form, computed once from the history and embedded in the page,
 * where a script draws only the visible window of it (a canvas, so a million operations cost a
 * million array entries, not a million SVG nodes).
 *
 * <p>Times are integers in units of {@link #unitNanos} from {@link #originNanos}: the smallest
 * power of ten of nanoseconds that keeps the whole history within 10^9 units (so each time is at
 * most ten digits in the page).
 *
 * <p>Retries are folded: an operation that failed (a 503, or a replica that could not be
 * reached) and was followed, in its session, by the same operation (same kind and key, and for a
 * put the same value) is an <em>attempt</em> of that next operation, not an operation of its own.
 * A failed attempt certainly took no effect, and the client went on trying; the timeline draws
 * one box from the first attempt's invocation to the final completion, with the attempts inside.
 */
public final class TimelineData {
    /** Flags: bits 0-1 the kind (put, get, delete), 2-3 the outcome (pending, ok, fail, info). */
    public static final int FINAL_READ = 1 << 4, ATTEMPT = 1 << 5, FOUND = 1 << 6, UNEXPECTED = 1 << 7;

    private final History h;
    private final long originNanos;
    private final long unitNanos;
    private final long endNanos;
    /** For each operation: the first attempt of the operation it belongs to (itself when none). */
    private final int[] firstAttempt;
    /** For each operation: whether it is a failed attempt that its session retried. */
    private final boolean[] attempt;
    /** For each operation: how many failed attempts came before it. */
    private final int[] attemptsBefore;
    /** Operations whose answer the API does not allow (a 5xx, not JSON, a missing field, a wrong content type). */
    private final java.util.BitSet unexpected;

    private TimelineData(History h) {
        this.h = h;
        int n = h.size();
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int o = 0; o < n; o++) {
            min = Math.min(min, h.invokeNanos(o));
            max = Math.max(max, h.completeNanos(o));
        }
        for (FaultEvent f : h.faults()) {
            min = Math.min(min, f.timeNanos());
            max = Math.max(max, f.timeNanos());
        }
        this.originNanos = min == Long.MAX_VALUE ? 0 : min;
        this.endNanos = min == Long.MAX_VALUE ? 0 : max;
        this.unexpected = new java.util.BitSet(n);
        for (int i = 0; i < h.unexpectedCount(); i++) unexpected.set(h.unexpectedOp(i));
        long unit = 1;
        while ((endNanos - originNanos) / unit > 1_000_000_000L) unit *= 10;
        this.unitNanos = unit;
        this.firstAttempt = new int[n];
        this.attempt = new boolean[n];
        this.attemptsBefore = new int[n];
        int[] previous = new int[h.sessionCount()];
        java.util.Arrays.fill(previous, -1);
        for (int o = 0; o < n; o++) {
            firstAttempt[o] = o;
            int s = h.sessionOf(o);
            int p = previous[s];
            if (p >= 0 && retries(p, o)) {
                attempt[p] = true;
                firstAttempt[o] = firstAttempt[p];
                attemptsBefore[o] = attemptsBefore[p] + 1;
            }
            previous[s] = o;
        }
    }

    public static TimelineData of(History h) {
        return new TimelineData(h);
    }

    /** Whether o repeats the failed operation p of the same session. */
    private boolean retries(int p, int o) {
        if (h.pending(p) || h.outcome(p) != History.FAIL) return false;
        if (h.kind(p) != h.kind(o) || h.keyIdOf(p) != h.keyIdOf(o) || h.isFinal(p) != h.isFinal(o)) return false;
        return h.kind(o) != History.PUT || h.value(p).equals(h.value(o));
    }

    public boolean isAttempt(int op) {
        return attempt[op];
    }

    public int attemptsBefore(int op) {
        return attemptsBefore[op];
    }

    public int firstAttempt(int op) {
        return firstAttempt[op];
    }

    public long unitNanos() {
        return unitNanos;
    }

    public long originNanos() {
        return originNanos;
    }

    /** The last time of the history (a completion or a fault). */
    public long endNanos() {
        return endNanos;
    }

    /** Operations that are not attempts: what the user of the store asked for. */
    public int operationCount() {
        int count = 0;
        for (boolean a : attempt) if (!a) count++;
        return count;
    }

    /** Failed attempts that were retried. */
    public int attemptCount() {
        return h.size() - operationCount();
    }

    /** The time of the page: units since the origin. */
    public long units(long nanos) {
        return (nanos - originNanos) / unitNanos;
    }

    /**
     * The part of the timeline that shows a set of operations: from the first invocation (of its
     * first attempt) to the last completion, widened by a fifth of that span on each side (at
     * least one unit), and the lanes (sessions) they belong to, in lane order.
     */
    public record Window(long fromUnits, long toUnits, List<Integer> lanes) {}

    public Window window(Collection<Integer> ops) {
        if (ops.isEmpty()) return new Window(0, units(endNanos), List.of());
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
        TreeSet<Integer> lanes = new TreeSet<>();
        for (int o : ops) {
            from = Math.min(from, units(h.invokeNanos(firstAttempt[o])));
            to = Math.max(to, units(h.completeNanos(o)));
            lanes.add(h.sessionOf(o));
        }
        long margin = Math.max(1, (to - from) / 5);
        return new Window(Math.max(0, from - margin), to + margin, new ArrayList<>(lanes));
    }

    /**
     * The page's data: names of lanes, replicas and keys, then one entry per operation in parallel
     * columns (base64 of little-endian integers: start and duration in units as int32, flags one
     * byte, lane, key and replica as uint16 when their tables are small enough, else int32) and
     * every value in one string, cut at {@code valueEnd}.
     */
    void writeJson(StringBuilder b) {
        int n = h.size();
        b.append("{\"unitNanos\":").append(unitNanos).append(",\"end\":").append(units(endNanos));
        b.append(",\"lanes\":[");
        for (int s = 0; s < h.sessionCount(); s++) {
            if (s > 0) b.append(',');
            Json.str(b, h.sessionNameAt(s));
        }
        b.append("],\"replicas\":[");
        List<String> replicas = new ArrayList<>();
        java.util.Map<String, Integer> replicaIds = new java.util.HashMap<>(); // lookups only
        int[] replicaOf = new int[n];
        for (int o = 0; o < n; o++) {
            String r = h.replicaName(o);
            replicaOf[o] = replicaIds.computeIfAbsent(r, x -> {
                replicas.add(x);
                return replicas.size() - 1;
            });
        }
        for (int i = 0; i < replicas.size(); i++) {
            if (i > 0) b.append(',');
            Json.str(b, replicas.get(i));
        }
        b.append("],\"keys\":[");
        List<String> keys = new ArrayList<>();
        int[] keyOf = new int[n];
        for (int o = 0; o < n; o++) {
            int k = h.keyIdOf(o);
            while (keys.size() <= k) keys.add(null);
            if (keys.get(k) == null) keys.set(k, h.keyName(o));
            keyOf[o] = k;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) b.append(',');
            Json.str(b, keys.get(i) == null ? "" : keys.get(i));
        }
        b.append("]");
        // The per-operation columns travel as base64 of little-endian typed arrays: the page
        // decodes them into typed arrays directly, with no JSON number to parse per operation.
        int[] laneOf = new int[n];
        java.nio.ByteBuffer starts = ints(n), durations = ints(n);
        byte[] flagBytes = new byte[n];
        int[] valueEnds = new int[n];
        StringBuilder values = new StringBuilder(n * 6);
        for (int o = 0; o < n; o++) {
            laneOf[o] = h.sessionOf(o);
            starts.putInt((int) units(h.invokeNanos(o)));
            durations.putInt(h.pending(o) ? -1 : (int) (units(h.completeNanos(o)) - units(h.invokeNanos(o))));
            flagBytes[o] = (byte) flags(o);
            values.append(h.value(o));
            valueEnds[o] = values.length();
        }
        indexColumn(b, "lane", laneOf, h.sessionCount());
        column(b, "start", starts.array());
        column(b, "dur", durations.array());
        column(b, "flags", flagBytes);
        indexColumn(b, "key", keyOf, keys.size());
        indexColumn(b, "replica", replicaOf, replicas.size());
        java.nio.ByteBuffer ends = ints(n);
        for (int e : valueEnds) ends.putInt(e);
        column(b, "valueEnd", ends.array());
        b.append(",\"values\":");
        Json.str(b, values.toString());
        b.append('}');
    }

    private static java.nio.ByteBuffer ints(int n) {
        return java.nio.ByteBuffer.allocate(4 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** A column of indices into a table of {@code size} names: two bytes each when they fit, else four ({@code nameBytes}). */
    private static void indexColumn(StringBuilder b, String name, int[] values, int size) {
        boolean narrow = size <= 0xffff;
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((narrow ? 2 : 4) * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            if (narrow) buf.putShort((short) v);
            else buf.putInt(v);
        }
        column(b, name, buf.array());
        b.append(",\"").append(name).append("Bytes\":").append(narrow ? 2 : 4);
    }

    private static void column(StringBuilder b, String name, byte[] bytes) {
        b.append(",\"").append(name).append("\":\"").append(java.util.Base64.getEncoder().encodeToString(bytes)).append('"');
    }

    int flags(int o) {
        int outcome = h.pending(o) ? History.PENDING : h.outcome(o);
        int f = h.kind(o) | (outcome << 2);
        if (h.isFinal(o)) f |= FINAL_READ;
        if (attempt[o]) f |= ATTEMPT;
        if (h.found(o)) f |= FOUND;
        if (unexpected.get(o)) f |= UNEXPECTED;
        return f;
    }
}
