package kvs.cli.record;

import java.util.concurrent.atomic.AtomicLong;
import kvs.checker.history.HistoryEvent;

/**
 * Passes events on to another recorder and counts the HTTP attempts they describe: how many
 * answered 503 (and were retried), how many found no listener, how many ended unknown.
 */
public final class CountingRecorder implements Recorder {
    private final Recorder next;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    public CountingRecorder(Recorder next) {
        this.next = next;
    }

    @Override
    public void record(HistoryEvent event) {
        next.record(event);
        if (event.isInvoke()) return;
        attempts.incrementAndGet();
        if (event.status() == 503) unavailable.incrementAndGet();
        if (event.type() == HistoryEvent.Type.FAIL && event.status() == 0) refused.incrementAndGet();
        if (event.type() == HistoryEvent.Type.INFO) unknown.incrementAndGet();
    }

    /** Completed HTTP attempts (each operation is at least one). */
    public long attempts() {
        return attempts.get();
    }

    /** Attempts answered 503 (causal dependencies not yet applied at that replica). */
    public long unavailableAnswers() {
        return unavailable.get();
    }

    /** Attempts that reached no replica (connection refused or not opened in time). */
    public long refusedConnections() {
        return refused.get();
    }

    /** Attempts of unknown outcome (timeout or reset after sending). */
    public long unknownOutcomes() {
        return unknown.get();
    }
}
