package kvs.checker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import kvs.checker.causal.History;
import kvs.checker.causal.Outcome;
import kvs.checker.history.HistoryEvent;
import kvs.checker.report.CheckReport;

/**
 * The entry point of the checker: a history in, a {@link Report} out. Every model, session
 * guarantee and convergence is checked; {@link CheckOptions#model()} picks the verdict.
 */
public final class Checker {
    private Checker() {}

    public static Report check(List<HistoryEvent> events, CheckOptions options) {
        History h = new History();
        long line = 1;
        for (HistoryEvent e : events) h.add(e, ++line);
        return check(h, options, "(events)");
    }

    /** Streams the file: memory grows with the number of operations, not with the file's text. */
    public static Report check(Path historyFile, CheckOptions options) throws IOException {
        return check(load(historyFile), options, historyFile.toString());
    }

    /**
     * Reads a history file into compact form, on two threads when it is large; a bad line is a
     * {@link kvs.checker.history.HistoryFormatException} naming its line.
     */
    public static History load(Path historyFile) throws IOException {
        return ParallelLoader.load(historyFile);
    }

    public static CheckReport check(History h, CheckOptions options, String source) {
        Outcome outcome = Outcome.analyze(h, options.timeLimit().toNanos());
        return new CheckReport(outcome, options.model(), source);
    }
}
