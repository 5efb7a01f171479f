package kvs.checker.history;

import java.util.Optional;

/**
 * One event's fields as the reader parsed them, in a mutable holder that the reader reuses from
 * line to line, so that a consumer that keeps only a few fields (the checker) allocates nothing
 * else. {@link #toEvent()} makes the immutable {@link HistoryEvent}.
 */
public final class RawEvent {
    public HistoryEvent.Type type;
    public HistoryEvent.Op op;
    public String session;
    public String key;
    /** Compact JSON text, or null. */
    public String value;
    public boolean found;
    public String replica;
    public String metadata;
    public long timeNanos;
    public boolean finalRead;
    public int status;
    public String error;
    /** An answer the API does not allow (status, content type, first bytes), or null. */
    public String unexpected;
    /** Set on a fault line (then no other field is): the fault's start or end. */
    public FaultEvent fault;

    void clear() {
        type = null;
        op = null;
        session = null;
        key = null;
        value = null;
        found = false;
        replica = null;
        metadata = null;
        timeNanos = Long.MIN_VALUE;
        finalRead = false;
        status = 0;
        error = null;
        unexpected = null;
        fault = null;
    }

    /** Whether this line is a fault of the nemesis rather than an operation's event. */
    public boolean isFault() {
        return fault != null;
    }

    public HistoryEvent toEvent() {
        return new HistoryEvent(type, session, op, key, Optional.ofNullable(value), found, Optional.ofNullable(replica),
                Optional.ofNullable(metadata), timeNanos, finalRead, status, Optional.ofNullable(error),
                Optional.ofNullable(unexpected));
    }
}
