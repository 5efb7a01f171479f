package kvs.replica.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of samples (nanoseconds), for the benchmark tools. */
public final class Percentiles {
    private final long[] sortedNanos;

    public Percentiles(long[] samplesNanos) {
        if (samplesNanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sortedNanos = samplesNanos.clone();
        Arrays.sort(this.sortedNanos);
    }

    /** The smallest sample such that at least {@code percent} % of the samples are at most it. */
    public long nanosAt(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1];
    }

    public long maxNanos() {
        return sortedNanos[sortedNanos.length - 1];
    }

    public int count() {
        return sortedNanos.length;
    }

    /** Milliseconds with 2 decimals, e.g. {@code 1.25}. */
    public static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
