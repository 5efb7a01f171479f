package kvs.core.replica;

/** Everything that can happen to a replica. Time is always an argument. */
public sealed interface Input {
    long nowMillis();

    /** The replica starts: it announces itself and asks its peers for their state. */
    record Start(long nowMillis) implements Input {}

    /** Time passes; drivers send one every {@code Limits.tickIntervalMillis}. */
    record Tick(long nowMillis) implements Input {}

    /** A client request; the replica answers with a {@link Effect.ClientReply} of the same id. */
    record ClientRequest(long nowMillis, long requestId, ClientOp op) implements Input {}

    /** A peer's request; the replica answers with a {@link Effect.PeerReply} of the same id. */
    record PeerRequest(long nowMillis, long requestId, String from, Message message) implements Input {}

    /** The answer to an earlier {@link Effect.Call}. */
    record CallSucceeded(long nowMillis, long callId, Message answer) implements Input {}

    /** An earlier {@link Effect.Call} failed: connection refused, timed out, or an unusable answer. */
    record CallFailed(long nowMillis, long callId, String reason) implements Input {}
}
