package kvs.core.replica;

import java.util.List;

import kvs.core.clock.VectorClock;

/** What replicas say to each other: a request and, for each, its answer. */
public sealed interface Message {
    /** Announce {@code address} (a replica that starts): the peer adds it to its view. Answer: {@link Ack}. */
    record ViewAdd(String address) implements Message {}

    /** Tell a peer that {@code address} is down: the peer removes it. Answer: {@link Ack}. */
    record ViewRemove(String address) implements Message {}

    /** The answer to a view change. */
    record Ack() implements Message {}

    /**
     * Writes accepted by {@code origin}, in sequence order. Answer: {@link ReplicateAck}.
     */
    record Replicate(String origin, List<Version> writes) implements Message {}

    /**
     * {@code acceptedThrough}: every write of {@code origin} up to this sequence number is applied or
     * buffered at the answering replica, which is now responsible for applying them.
     */
    record ReplicateAck(String origin, long acceptedThrough) implements Message {}

    /** Anti-entropy and state transfer: "this is what I have applied; send what I lack". */
    record SyncRequest(VectorClock applied) implements Message {}

    /**
     * Every version the requester lacks, with the answering replica's applied clock and Lamport
     * counter. {@code complete} is false when the answer would exceed its limit; then it carries no
     * versions and the requester must not advance its clock.
     */
    record SyncReply(List<Version> versions, VectorClock applied, long lamport, boolean complete) implements Message {}

    /** A liveness probe of an address dropped from the view. Answer: {@link Pong}. */
    record Ping() implements Message {}

    record Pong() implements Message {}
}
