package kvs.tester;

/** The exit codes of {@code kvs-test}, as in every tool of the project. */
public final class ExitCodes {
    private ExitCodes() {}

    /** Valid and conformant. */
    public static final int VALID = 0;
    /** Invalid or not conformant (a violation, no convergence, an answer the API does not allow, a replica that did not start). */
    public static final int INVALID = 1;
    /** Unknown: the history is too weak, or the checker ran out of time. */
    public static final int UNKNOWN = 2;
    /** A bad command line. */
    public static final int USAGE = 64;
    /** A failure of the tester itself or of its machinery (cannot make namespaces, a bug). */
    public static final int INTERNAL = 70;
}
