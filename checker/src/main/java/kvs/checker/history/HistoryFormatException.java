package kvs.checker.history;

/** A history file that does not follow the format: names the line and what is wrong with it. */
public final class HistoryFormatException extends RuntimeException {
    private final long lineNumber;
    private final String problem;

    public HistoryFormatException(long lineNumber, String message) {
        super("line " + lineNumber + ": " + message);
        this.lineNumber = lineNumber;
        this.problem = message;
    }

    public HistoryFormatException(long lineNumber, String message, Throwable cause) {
        super("line " + lineNumber + ": " + message, cause);
        this.lineNumber = lineNumber;
        this.problem = message;
    }

    /** What is wrong, without the line number. */
    public String problem() {
        return problem;
    }

    /** The same problem, {@code lines} lines further down (for a file read in parts). */
    public HistoryFormatException shifted(long lines) {
        return new HistoryFormatException(lineNumber + lines, problem, this);
    }

    /** The 1-based line of the file where the problem is. */
    public long lineNumber() {
        return lineNumber;
    }
}
