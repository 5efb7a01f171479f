package kvs.cli.workload;

import java.util.EnumMap;
import java.util.Map;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.op.OpResult;
import org.HdrHistogram.Histogram;

/**
 * Counts and latencies of a workload's operations, per kind. A latency is that of the whole
 * operation as the session saw it (fail-over and 503 retries included), in microseconds.
 * Thread-safe: sessions record concurrently.
 */
public final class WorkloadStats {
    /** Latencies above this are clamped; a minute is far beyond any wait budget. */
    private static final long LATENCY_MICROS_MAX = 60_000_000L;

    /** Outcome counts of one kind of operation. */
    public record Counts(long done, long notFound, long rejected, long unavailable, long unknown, long badResponse) {
        public long total() {
            return done + notFound + rejected + unavailable + unknown + badResponse;
        }
    }

    private final EnumMap<Op, Histogram> latencies = new EnumMap<>(Op.class);
    private final Histogram all = new Histogram(LATENCY_MICROS_MAX, 3);
    private final EnumMap<Op, long[]> counts = new EnumMap<>(Op.class);
    private long completed;

    public WorkloadStats() {
        for (Op op : Op.values()) {
            latencies.put(op, new Histogram(LATENCY_MICROS_MAX, 3));
            counts.put(op, new long[6]);
        }
    }

    public synchronized void record(OpResult result, long latencyNanos) {
        long micros = Math.min(LATENCY_MICROS_MAX, Math.max(1, latencyNanos / 1_000));
        latencies.get(result.op()).recordValue(micros);
        all.recordValue(micros);
        counts.get(result.op())[outcomeIndex(result)]++;
        completed++;
    }

    public synchronized long completed() {
        return completed;
    }

    /** Copies, safe to read after the workload. */
    public synchronized Map<Op, Histogram> latenciesByOp() {
        EnumMap<Op, Histogram> copy = new EnumMap<>(Op.class);
        latencies.forEach((op, h) -> copy.put(op, h.copy()));
        return copy;
    }

    public synchronized Histogram allLatencies() {
        return all.copy();
    }

    public synchronized Map<Op, Counts> countsByOp() {
        EnumMap<Op, Counts> copy = new EnumMap<>(Op.class);
        counts.forEach((op, c) -> copy.put(op, new Counts(c[0], c[1], c[2], c[3], c[4], c[5])));
        return copy;
    }

    private static int outcomeIndex(OpResult result) {
        if (result instanceof OpResult.Done) return 0;
        if (result instanceof OpResult.NotFound) return 1;
        if (result instanceof OpResult.Rejected) return 2;
        if (result instanceof OpResult.Unavailable) return 3;
        if (result instanceof OpResult.OutcomeUnknown) return 4;
        if (result instanceof OpResult.BadResponse) return 5;
        throw new IllegalStateException("unknown result " + result);
    }
}
