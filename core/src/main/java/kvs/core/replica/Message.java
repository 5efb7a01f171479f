package kvs.core.replica;

import java.util.List;

import kvs.core.clock.VectorClock;

/**
 * What replicas say to each other: a request and, for each, its answer. Every request carries a
 * {@link LinkStamp} (the sender's incarnation and link epoch, and what it last heard of ours), so a
 * message delayed in the network past a drop or a re-admission is recognised and refused.
 */
public sealed interface Message {
    /**
     * A view change: add {@code address}. A replica that starts announces itself ({@code address} is
     * the sender). Answer: {@link Ack}, or {@link Refused}.
     */
    record ViewAdd(String address, LinkStamp stamp) implements Message {}

    /** Tell a peer that {@code address} is down: the peer removes it. Answer: {@link Ack}, or {@link Refused}. */
    record ViewRemove(String address, LinkStamp stamp) implements Message {}

    /** The answer to an accepted view change. */
    record Ack() implements Message {}

    /**
     * Writes accepted by {@code origin} (the sender's writer id), in sequence order. Answer:
     * {@link ReplicateAck}, or {@link Refused}.
     */
    record Replicate(String origin, List<Version> writes, LinkStamp stamp) implements Message {}

    /**
     * {@code acceptedThrough}: every write of {@code origin} up to this sequence number is applied or
     * buffered at the answering replica, which is now responsible for applying them.
     */
    record ReplicateAck(String origin, long acceptedThrough) implements Message {}

    /** Anti-entropy and state transfer: "this is what I have applied; send what I lack". */
    record SyncRequest(VectorClock applied, LinkStamp stamp) implements Message {}

    /**
     * Every version the requester lacks, with the answering replica's applied clock and Lamport
     * counter. {@code complete} is false when the answer would exceed its limit; then it carries no
     * versions and the requester must not advance its clock.
     */
    record SyncReply(List<Version> versions, VectorClock applied, long lamport, boolean complete) implements Message {}

    /** A liveness probe of an address dropped from the view. Answer: {@link Pong}. */
    record Ping(LinkStamp stamp) implements Message {}

    record Pong() implements Message {}

    /**
     * The answer to a request that was not acted on: it changed nothing. {@code detail} says why in
     * words, for logs. A refusal is not a failure of the link: the sender keeps the peer in its view
     * and resends what it still owes later.
     */
    record Refused(Refusal reason, String detail) implements Message {}

    /** Why a request was refused; each has a stable wire name. */
    enum Refusal {
        /** A field is out of range, too large, or of the wrong shape. */
        INVALID("invalid"),
        /** The sender is not in the receiver's view, so its writes and view changes do not count. */
        NOT_IN_VIEW("not-in-view"),
        /** The message was sent in an earlier life of the link (before a drop, a re-admission or a restart). */
        STALE_EPOCH("stale-epoch");

        private final String wire;

        Refusal(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static java.util.Optional<Refusal> ofWire(String wire) {
            for (Refusal r : values()) {
                if (r.wire.equals(wire)) return java.util.Optional.of(r);
            }
            return java.util.Optional.empty();
        }
    }
}
