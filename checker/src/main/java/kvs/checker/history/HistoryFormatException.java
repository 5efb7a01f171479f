package kvs.checker.history;

/** A history file that does not follow the format: names the line and what is wrong with it. */
public final class HistoryFormatException extends RuntimeException {
    private final long lineNumber;

    public HistoryFormatException(long lineNumber, String message) {
        super("line " + lineNumber + ": " + message);
        this.lineNumber = lineNumber;
    }

    public HistoryFormatException(long lineNumber, String message, Throwable cause) {
        super("line " + lineNumber + ": " + message, cause);
        this.lineNumber = lineNumber;
    }

    /** The 1-based line of the file where the problem is. */
    public long lineNumber() {
        return lineNumber;
    }
}
