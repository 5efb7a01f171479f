package kvs.cluster;

/** The cluster machinery failed (a command, a process, the network set-up); the message says what to do. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
