package kvs.tester;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kvs.checker.causal.History;
import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryWriter;
import kvs.cli.record.Recorder;

/**
 * The run's history: every operation event and every fault line, written to {@code history.jsonl}
 * as it happens (one buffered writer, flushed every second and at the end) and kept in memory, in
 * the same order, for the checks at the end. Thread-safe.
 */
public final class HistoryLog implements Recorder, AutoCloseable {
    private final HistoryWriter writer;
    private final List<Object> events = new ArrayList<>();
    private long lastFlushNanos = System.nanoTime();
    private boolean closed;

    public HistoryLog(Path file) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.writer = new HistoryWriter(out);
        writer.flush();
    }

    @Override
    public synchronized void record(HistoryEvent event) {
        writer.write(event);
        events.add(event);
        maybeFlush();
    }

    public synchronized void fault(FaultEvent fault) {
        writer.write(fault);
        events.add(fault);
        writer.flush();
    }

    /** Appends events recorded elsewhere (the last round of final reads). */
    public synchronized void recordAll(List<HistoryEvent> more) {
        for (HistoryEvent e : more) {
            record(e);
        }
    }

    private void maybeFlush() {
        long now = System.nanoTime();
        if (now - lastFlushNanos > 1_000_000_000L) {
            writer.flush();
            lastFlushNanos = now;
        }
    }

    /** A copy of everything recorded so far: {@link HistoryEvent}s and {@link FaultEvent}s. */
    public synchronized List<Object> snapshot() {
        return List.copyOf(events);
    }

    /** The operations only. */
    public synchronized List<HistoryEvent> operations() {
        List<HistoryEvent> ops = new ArrayList<>();
        for (Object e : events) {
            if (e instanceof HistoryEvent h) {
                ops.add(h);
            }
        }
        return ops;
    }

    /** The checker's form of a list of events (operations and faults in order). */
    public static History toHistory(List<Object> events) {
        History h = new History();
        long line = 1;
        for (Object e : events) {
            line++;
            if (e instanceof HistoryEvent op) {
                h.add(op, line);
            } else if (e instanceof FaultEvent f) {
                h.addFault(f);
            }
        }
        return h;
    }

    /** Flushes and closes the file (the in-memory events stay readable); idempotent. */
    public synchronized void finish() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writer.flush();
        writer.close();
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
