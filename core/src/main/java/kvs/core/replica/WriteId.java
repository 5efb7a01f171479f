package kvs.core.replica;

import java.util.Comparator;

import kvs.core.Check;

/**
 * The identity of one write: the writer id of the replica incarnation that accepted it and its
 * sequence number there (1, 2, 3, ...). A writer id is {@code address#incarnation}, so a replica
 * restarted at the same address never reuses an identifier of its earlier life.
 */
public record WriteId(String origin, long seq) implements Comparable<WriteId> {
    private static final Comparator<WriteId> ORDER =
            Comparator.comparing(WriteId::origin).thenComparingLong(WriteId::seq);

    public WriteId {
        Check.argument(origin != null && !origin.isEmpty(), "write origin must be named");
        Check.argument(seq > 0, "write sequence numbers start at 1, got %s", seq);
    }

    @Override
    public int compareTo(WriteId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return origin + ":" + seq;
    }
}
