package kvs.checker.history;

/** Constants of the history file format. */
public final class HistoryFormat {
    private HistoryFormat() {}

    public static final String NAME = "kvs-history";
    public static final int VERSION = 1;
}
