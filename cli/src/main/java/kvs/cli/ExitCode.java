package kvs.cli;

/**
 * The exit codes of {@code kvs-cli}. Each means one thing in every command; the checker's own codes
 * (0 valid, 1 invalid, 2 unknown) keep their meaning when {@code workload --check} reports a verdict.
 */
public final class ExitCode {
    private ExitCode() {}

    /** The operation took effect (or the query answered). */
    public static final int SUCCESS = 0;
    /** {@code workload --check}: the checker found the history invalid. */
    public static final int HISTORY_INVALID = 1;
    /** {@code workload --check}: the checker could not decide. */
    public static final int HISTORY_UNKNOWN = 2;
    /** The key (or view member) does not exist. */
    public static final int NOT_FOUND = 3;
    /**
     * No replica could serve the request: none reachable, every answer a 503 until {@code --wait}
     * ran out, or a write sent whose outcome is unknown (timeout or reset after sending).
     */
    public static final int UNAVAILABLE = 4;
    /** A replica answered something this client does not understand (not JSON, an unexpected status). */
    public static final int BAD_RESPONSE = 5;
    /** The request was refused as invalid by the replica (400: key too long, no value). */
    public static final int REJECTED = 6;
    /** Bad command line: unknown option, missing argument, malformed address or value (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** A local failure: the session or history file could not be read or written (sysexits EX_IOERR). */
    public static final int IO_ERROR = 74;
    /** A bug in kvs-cli itself (sysexits EX_SOFTWARE). */
    public static final int INTERNAL = 70;
}
