package kvs.cli.record;

import java.io.PrintWriter;
import kvs.checker.history.HistoryEvent;

/**
 * {@code --verbose}: tells the user about every HTTP attempt as it completes (which replica, what
 * status, what error), so fail-over and 503 retries are visible; then passes the event on.
 */
public final class VerboseRecorder implements Recorder {
    private final Recorder next;
    private final PrintWriter err;

    public VerboseRecorder(Recorder next, PrintWriter err) {
        this.next = next;
        this.err = err;
    }

    @Override
    public void record(HistoryEvent event) {
        next.record(event);
        if (event.isInvoke()) return;
        synchronized (err) {
            err.println(describe(event));
            err.flush();
        }
    }

    /** One line: {@code  . get x at 127.0.0.1:8093: 503 fail (Causal dependencies not satisfied; try again later)}. */
    public static String describe(HistoryEvent e) {
        StringBuilder line = new StringBuilder("  . ").append(e.op().wire()).append(' ').append(e.key());
        e.replica().ifPresent(r -> line.append(" at ").append(r));
        line.append(": ");
        if (e.status() != 0) line.append(e.status()).append(' ');
        line.append(e.type().wire());
        e.error().ifPresent(error -> line.append(" (").append(error).append(')'));
        return line.toString();
    }
}
