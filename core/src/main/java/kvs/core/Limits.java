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
        int peerBodyBytesMax) {

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
                256 << 20); // peerBodyBytesMax: 256 MiB
    }
}
