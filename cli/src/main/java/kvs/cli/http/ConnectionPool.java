package kvs.cli.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Idle kept-alive connections, per replica. A connection is taken by one request at a time and
 * given back after a complete answer that allows reuse. Bounded: at most {@link #IDLE_PER_REPLICA_MAX}
 * idle connections per replica, each idle at most {@link #IDLE_MILLIS_MAX}; one the server has
 * closed meanwhile is dropped when taken.
 */
final class ConnectionPool {
    static final int IDLE_PER_REPLICA_MAX = 64;
    static final long IDLE_MILLIS_MAX = 30_000;

    private record Idle(HttpConnection connection, long sinceNanos) {}

    private final Map<ReplicaAddress, Deque<Idle>> idle = new TreeMap<>();

    /** The most recently used idle connection to {@code replica} that is still open, if any. */
    Optional<HttpConnection> take(ReplicaAddress replica) {
        long now = System.nanoTime();
        while (true) {
            Idle candidate;
            synchronized (this) {
                Deque<Idle> deque = idle.get(replica);
                candidate = deque == null ? null : deque.pollLast();
            }
            if (candidate == null) return Optional.empty();
            if (now - candidate.sinceNanos() <= IDLE_MILLIS_MAX * 1_000_000L && candidate.connection().stillOpen()) {
                return Optional.of(candidate.connection());
            }
            candidate.connection().close();
        }
    }

    void give(ReplicaAddress replica, HttpConnection connection) {
        HttpConnection evicted = null;
        synchronized (this) {
            Deque<Idle> deque = idle.computeIfAbsent(replica, r -> new ArrayDeque<>());
            deque.addLast(new Idle(connection, System.nanoTime()));
            if (deque.size() > IDLE_PER_REPLICA_MAX) evicted = deque.pollFirst().connection();
        }
        if (evicted != null) evicted.close();
    }

    void closeAll() {
        List<Idle> all = new ArrayList<>();
        synchronized (this) {
            for (Deque<Idle> deque : idle.values()) all.addAll(deque);
            idle.clear();
        }
        for (Idle i : all) i.connection().close();
    }
}
