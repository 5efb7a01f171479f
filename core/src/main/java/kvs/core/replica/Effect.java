package kvs.core.replica;

/** What a replica asks its driver to do. */
public sealed interface Effect {
    /** Answer client request {@code requestId}. */
    record ClientReply(long requestId, Reply reply) implements Effect {}

    /** Answer peer request {@code requestId}. */
    record PeerReply(long requestId, Message message) implements Effect {}

    /**
     * Send {@code message} to {@code peer}; the driver reports exactly one {@link Input.CallSucceeded}
     * or {@link Input.CallFailed} with the same {@code callId}, within the peer timeout.
     */
    record Call(long callId, String peer, Message message) implements Effect {}

    /** Something an operator would want to know (a peer went down, one was re-admitted). */
    record Log(String line) implements Effect {}
}
