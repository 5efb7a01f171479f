package kvs.checker.history;

/** Constants of the history file format. */
public final class HistoryFormat {
    private HistoryFormat() {}

    public static final String NAME = "kvs-history";
    /** The version written. 2 added fault lines and the {@code unexpected} field of completions. */
    public static final int VERSION = 2;
    /** The oldest version read. */
    public static final int VERSION_MIN = 1;
}
