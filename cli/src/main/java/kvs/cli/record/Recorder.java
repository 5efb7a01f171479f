package kvs.cli.record;

import kvs.checker.history.HistoryEvent;

/** Where the events of operations go: a history file, or nowhere. Implementations are thread-safe. */
public interface Recorder {
    void record(HistoryEvent event);

    /** Records nothing. */
    Recorder NONE = event -> {};
}
