package kvs.core;

/**
 * Every bound of the replica in one place, each named with its unit last. Reaching a bound is a
 * handled condition (a clear answer, a retry later, or a fall back to anti-entropy), never
 * unbounded memory.
 *
 * @param keyLengthMax longest key a client may write, in characters (the course says 50)
 * @param peerConnectTimeoutMillis how long a driver waits to connect to a peer
 * @param peerTimeoutMillis how long a driver waits for a peer's answer before it reports the call failed
 * @param tickIntervalMillis how often a driver feeds a {@code Tick} to the state machine
 * @param antiEntropyIntervalMillis how often a replica asks each peer in its view for what it lacks
 * @param probeIntervalMillis how often a replica probes an address it dropped from its view
 * @param readmitAfterMillis how long probes of a dropped address must succeed before it is re-admitted
 * @param replicationRetryMillis how long a replica waits before resending writes a peer could not accept
 * @param replicationBatchWritesMax most writes in one replication message
 * @param outboxWritesMax most unacknowledged writes kept for one peer; past it the outbox is dropped
 *     and the peer catches up through anti-entropy
 * @param causalBufferWritesMax most peer writes buffered while their dependencies are missing
 * @param syncVersionsMax most versions in one state-transfer answer
 * @param knownAddressesMax most addresses a replica remembers (view and dropped peers together)
 * @param pendingCallsMax most peer calls a replica has outstanding at once
 * @param clientBodyBytesMax largest client request body, in bytes
 * @param peerBodyBytesMax largest replica-to-replica body, in bytes
 * @param counterMax largest value of every counter a peer message carries or a replica keeps
 *     (sequence numbers, clock entries, Lamport timestamps, incarnations, link epochs): far below
 *     {@code Long.MAX_VALUE}, so that no arithmetic on them can wrap
 * @param lamportLeadMax how far a peer's Lamport timestamp may run ahead of this replica's: a
 *     timestamp counts writes, so a real peer never leads by more than the writes this replica has
 *     not seen; a forged one cannot exhaust the counter in one message
 * @param clockEntriesMax most writer ids in one vector clock of a peer message
 * @param addressLengthMax longest {@code host:port}, in characters
 * @param valueDepthMax deepest nesting of arrays and objects in a value of a peer message
 * @param joinGraceMillis how long an address newly put in the view (at start, or by {@code PUT /view})
 *     that has never answered stays in the view while its calls fail
 * @param unreachedForgetMillis how long an address learned at run time (not in {@code VIEW}) that has
 *     never answered is remembered (probed) before it is forgotten
 * @param probeBackoffMaxMillis longest interval between two probes of an address whose probes fail;
 *     the interval doubles from {@code probeIntervalMillis} after each failed probe
 * @param unansweredAddressesMax most addresses learned at run time that have never answered; a new
 *     one evicts the oldest, so such addresses can never fill the view against real replicas
 */
public record Limits(
        int keyLengthMax,
        long peerConnectTimeoutMillis,
        long peerTimeoutMillis,
        long tickIntervalMillis,
        long antiEntropyIntervalMillis,
        long probeIntervalMillis,
        long readmitAfterMillis,
        long replicationRetryMillis,
        int replicationBatchWritesMax,
        int outboxWritesMax,
        int causalBufferWritesMax,
        int syncVersionsMax,
        int knownAddressesMax,
        int pendingCallsMax,
        int clientBodyBytesMax,
        int peerBodyBytesMax,
        long counterMax,
        long lamportLeadMax,
        int clockEntriesMax,
        int addressLengthMax,
        int valueDepthMax,
        long joinGraceMillis,
        long unreachedForgetMillis,
        long probeBackoffMaxMillis,
        int unansweredAddressesMax) {

    public Limits {
        Check.argument(keyLengthMax > 0, "keyLengthMax must be positive");
        Check.argument(peerConnectTimeoutMillis > 0 && peerTimeoutMillis > 0, "timeouts must be positive");
        Check.argument(tickIntervalMillis > 0, "tickIntervalMillis must be positive");
        Check.argument(antiEntropyIntervalMillis >= tickIntervalMillis, "anti-entropy faster than ticks");
        Check.argument(probeIntervalMillis >= tickIntervalMillis, "probes faster than ticks");
        Check.argument(readmitAfterMillis >= 0, "readmitAfterMillis must not be negative");
        Check.argument(replicationBatchWritesMax > 0 && outboxWritesMax >= replicationBatchWritesMax,
                "outbox must hold at least one batch");
        Check.argument(causalBufferWritesMax > 0 && syncVersionsMax > 0, "buffers must be positive");
        Check.argument(knownAddressesMax >= 2 && pendingCallsMax >= 8, "too few addresses or calls");
        Check.argument(clientBodyBytesMax > 0 && peerBodyBytesMax >= clientBodyBytesMax, "body limits");
        Check.argument(counterMax > 0 && counterMax <= Long.MAX_VALUE / 4, "counterMax must leave room below Long.MAX_VALUE");
        Check.argument(lamportLeadMax > 0 && lamportLeadMax < counterMax, "lamportLeadMax out of range");
        Check.argument(clockEntriesMax > 0 && addressLengthMax > 0 && valueDepthMax > 0, "shape limits must be positive");
        Check.argument(joinGraceMillis >= 0 && unreachedForgetMillis >= joinGraceMillis, "forget after the grace");
        Check.argument(probeBackoffMaxMillis >= probeIntervalMillis, "backoff below the probe interval");
        Check.argument(unansweredAddressesMax > 0 && unansweredAddressesMax < knownAddressesMax,
                "unanswered addresses must leave room for real ones");
    }

    /** The limits production runs with. */
    public static Limits defaults() {
        return new Limits(
                50,      // keyLengthMax
                1_000,   // peerConnectTimeoutMillis
                1_000,   // peerTimeoutMillis
                100,     // tickIntervalMillis
                500,     // antiEntropyIntervalMillis
                250,     // probeIntervalMillis
                2_000,   // readmitAfterMillis
                200,     // replicationRetryMillis
                512,     // replicationBatchWritesMax
                100_000, // outboxWritesMax
                100_000, // causalBufferWritesMax
                1_000_000, // syncVersionsMax
                256,     // knownAddressesMax
                4_096,   // pendingCallsMax
                1 << 20, // clientBodyBytesMax: 1 MiB
                256 << 20, // peerBodyBytesMax: 256 MiB
                1L << 60, // counterMax
                1L << 40, // lamportLeadMax: 10^12 writes
                65_536,  // clockEntriesMax
                261,     // addressLengthMax: a 255-character host name, ':' and 5 digits
                1_000,   // valueDepthMax (Jackson's default nesting limit for client bodies)
                5_000,   // joinGraceMillis
                60_000,  // unreachedForgetMillis
                2_000,   // probeBackoffMaxMillis
                64);     // unansweredAddressesMax
    }
}
