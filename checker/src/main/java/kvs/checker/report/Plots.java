package kvs.checker.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import kvs.checker.causal.History;

/**
 * Latency over time per operation and outcome, and throughput over time, computed from the
 * history in fixed time buckets (so the page carries a few hundred points per series whatever
 * the history's size). An operation counts once, from its first attempt's invocation to its
 * completion (a retried 503 is part of the latency the client saw); it lands in the bucket of
 * its completion. Times are seconds from the timeline's origin (the first operation or fault). Operations that never completed have no latency and are not counted.
 */
final class Plots {
    static final int BUCKETS_MAX = 240;
    private static final String[] KINDS = {"put", "get", "delete"};

    /** One series: its label, its colour, whether it is drawn as points only, and a value per bucket (NaN: none). */
    record Series(String label, String colour, boolean points, double[] values) {}

    /** Colours by kind (ok p50, ok p99) and by outcome, alike in both plots. */
    private static final String[][] KIND_COLOURS = {{"#1a7f37", "#6fdd8b"}, {"#0969da", "#80ccff"}, {"#8250df", "#d8b9ff"}};
    private static final String FAIL_COLOUR = "#6e7781", INFO_COLOUR = "#d4a72c", ATTEMPT_COLOUR = "#24292f";

    /** Bucket start times (seconds from the history's first invocation) and the series over them. */
    record Plot(double[] xSeconds, List<Series> series) {}

    private final History h;
    private final TimelineData t;
    private final long originNanos, bucketNanos;
    private final int buckets;

    Plots(History h, TimelineData t) {
        this.h = h;
        this.t = t;
        this.originNanos = t.originNanos();
        long span = t.endNanos() - t.originNanos();
        this.bucketNanos = niceBucket(Math.max(1, span / BUCKETS_MAX + 1));
        this.buckets = (int) (span / bucketNanos) + 1;
    }

    /** Whether there is anything to plot: completed operations over a span of time. */
    boolean worthDrawing() {
        return h.size() >= 2 && buckets >= 2;
    }

    /** 1, 2 or 5 times a power of ten nanoseconds, at least {@code raw}. */
    static long niceBucket(long raw) {
        long p = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) if (m * p >= raw) return m * p;
            p *= 10;
        }
    }

    double bucketSeconds() {
        return bucketNanos / 1e9;
    }

    private double[] xs() {
        double[] x = new double[buckets];
        for (int i = 0; i < buckets; i++) x[i] = i * bucketNanos / 1e9;
        return x;
    }

    private int bucketOf(long nanos) {
        return (int) Math.min(buckets - 1, Math.max(0, (nanos - originNanos) / bucketNanos));
    }

    /**
     * Latency in milliseconds: per kind of operation, the median and the 99th percentile of its ok
     * completions per bucket; failed and unknown (info) outcomes as the highest latency per bucket,
     * drawn as points.
     */
    Plot latency() {
        List<Series> out = new ArrayList<>();
        for (int kind = 0; kind < 3; kind++) {
            long[] keyed = collect(kind, History.OK);
            if (keyed.length == 0) continue;
            double[] p50 = new double[buckets], p99 = new double[buckets];
            Arrays.fill(p50, Double.NaN);
            Arrays.fill(p99, Double.NaN);
            int i = 0;
            while (i < keyed.length) {
                int b = (int) (keyed[i] >>> 40);
                int j = i;
                while (j < keyed.length && (int) (keyed[j] >>> 40) == b) j++;
                p50[b] = ms(keyed[i + (j - i - 1) / 2]);
                p99[b] = ms(keyed[i + (int) Math.floor((j - i - 1) * 0.99)]);
                i = j;
            }
            out.add(new Series(KINDS[kind] + " ok p50", KIND_COLOURS[kind][0], false, p50));
            out.add(new Series(KINDS[kind] + " ok p99", KIND_COLOURS[kind][1], false, p99));
        }
        for (int outcome : new int[] {History.FAIL, History.INFO}) {
            for (int kind = 0; kind < 3; kind++) {
                long[] keyed = collect(kind, outcome);
                if (keyed.length == 0) continue;
                double[] max = new double[buckets];
                Arrays.fill(max, Double.NaN);
                for (long k : keyed) max[(int) (k >>> 40)] = ms(k); // sorted: the last of a bucket is its highest
                out.add(new Series(KINDS[kind] + " " + History.outcomeName(outcome) + " (max)",
                        outcome == History.FAIL ? FAIL_COLOUR : INFO_COLOUR, true, max));
            }
        }
        return new Plot(xs(), out);
    }

    /** Completed operations per second and bucket: ok, fail, info, and the retried attempts. */
    Plot throughput() {
        double[] ok = new double[buckets], fail = new double[buckets], info = new double[buckets], att = new double[buckets];
        for (int o = 0; o < h.size(); o++) {
            if (h.pending(o)) continue;
            int b = bucketOf(h.completeNanos(o));
            if (t.isAttempt(o)) att[b]++;
            else if (h.outcome(o) == History.OK) ok[b]++;
            else if (h.outcome(o) == History.FAIL) fail[b]++;
            else info[b]++;
        }
        double perSecond = 1e9 / bucketNanos;
        List<Series> out = new ArrayList<>();
        out.add(new Series("ok/s", KIND_COLOURS[0][0], false, scale(ok, perSecond)));
        if (any(fail)) out.add(new Series("fail/s", FAIL_COLOUR, false, scale(fail, perSecond)));
        if (any(info)) out.add(new Series("info/s", INFO_COLOUR, false, scale(info, perSecond)));
        if (any(att)) out.add(new Series("retried attempts/s", ATTEMPT_COLOUR, false, scale(att, perSecond)));
        return new Plot(xs(), out);
    }

    /** Sorted keys (bucket << 40 | latency nanos, capped) of the completed operations of one kind and outcome. */
    private long[] collect(int kind, int outcome) {
        long[] keys = new long[16];
        int n = 0;
        for (int o = 0; o < h.size(); o++) {
            if (h.pending(o) || t.isAttempt(o) || h.kind(o) != kind || h.outcome(o) != outcome) continue;
            long latency = Math.min((1L << 40) - 1, Math.max(0, h.completeNanos(o) - h.invokeNanos(t.firstAttempt(o))));
            if (n == keys.length) keys = Arrays.copyOf(keys, n * 2);
            keys[n++] = ((long) bucketOf(h.completeNanos(o)) << 40) | latency;
        }
        long[] out = Arrays.copyOf(keys, n);
        Arrays.sort(out);
        return out;
    }

    private static double ms(long key) {
        return (key & ((1L << 40) - 1)) / 1e6;
    }

    private static double[] scale(double[] v, double by) {
        for (int i = 0; i < v.length; i++) v[i] *= by;
        return v;
    }

    private static boolean any(double[] v) {
        for (double x : v) if (x > 0) return true;
        return false;
    }

    /** Seconds from the history's first invocation. */
    double seconds(long nanos) {
        return (nanos - originNanos) / 1e9;
    }

    static void writeJson(StringBuilder b, Plot p) {
        b.append("{\"x\":[");
        for (int i = 0; i < p.xSeconds().length; i++) Json.num(i > 0 ? b.append(',') : b, p.xSeconds()[i]);
        b.append("],\"series\":[");
        for (int s = 0; s < p.series().size(); s++) {
            Series series = p.series().get(s);
            if (s > 0) b.append(',');
            b.append("{\"label\":");
            Json.str(b, series.label()).append(",\"colour\":");
            Json.str(b, series.colour()).append(",\"points\":").append(series.points()).append(",\"values\":[");
            for (int i = 0; i < series.values().length; i++) Json.num(i > 0 ? b.append(',') : b, series.values()[i]);
            b.append("]}");
        }
        b.append("]}");
    }
}
