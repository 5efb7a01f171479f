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
 * @param syncVersionsMax most versions in one state-transfer answer (one page of a paged transfer)
 * @param syncPageBytesMax most bytes (estimated, {@code Version.approximateBytes}) of versions in one
 *     state-transfer answer; a page holds at least one version
 * @param syncScanKeysMax most keys one page of a paged state transfer looks at (bounds the time one
 *     answer holds the replica)
 * @param replicationBatchBytesMax most bytes (estimated) of writes in one replication message; a batch
 *     holds at least one write
 * @param knownAddressesMax most addresses a replica remembers (view and dropped peers together)
 * @param pendingCallsMax most peer calls a replica has outstanding at once
 * @param clientBodyBytesMax largest client request body, in bytes
 * @param peerBodyBytesMax largest replica-to-replica body, in bytes
 * @param bodiesInFlightBytesMax most bytes of request bodies a driver holds at once, all requests
 *     together; past it new body bytes are refused (503) until earlier requests are done
 * @param requestParseTimeoutMillis longest a driver waits for a request's line and headers once
 *     they have begun
 * @param bodyReadTimeoutMillis longest a driver waits for a request's whole body
 * @param idleConnectionTimeoutMillis longest a connection may stay open with nothing sent on it
 * @param signatureWindowMillis how far the time in a signed request or answer may be from the
 *     receiver's clock ({@code CLUSTER_TOKEN} set); older ones are refused
 * @param nonceCacheEntriesMax most nonces of signed requests remembered (to refuse replays) within
 *     the signature window
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
        int syncPageBytesMax,
        int syncScanKeysMax,
        int replicationBatchBytesMax,
        int knownAddressesMax,
        int pendingCallsMax,
        int clientBodyBytesMax,
        int peerBodyBytesMax,
        long bodiesInFlightBytesMax,
        long requestParseTimeoutMillis,
        long bodyReadTimeoutMillis,
        long idleConnectionTimeoutMillis,
        long signatureWindowMillis,
        int nonceCacheEntriesMax) {

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
        Check.argument(syncPageBytesMax > 0 && syncScanKeysMax > 0 && replicationBatchBytesMax > 0, "page limits");
        Check.argument(syncPageBytesMax + 2L * clientBodyBytesMax <= peerBodyBytesMax
                && replicationBatchBytesMax + 2L * clientBodyBytesMax <= peerBodyBytesMax,
                "a page or a batch (plus one write) must fit in a peer body");
        Check.argument(bodiesInFlightBytesMax >= peerBodyBytesMax, "the bodies in flight must hold one peer body");
        Check.argument(requestParseTimeoutMillis > 0 && bodyReadTimeoutMillis > 0 && idleConnectionTimeoutMillis > 0,
                "connection timeouts must be positive");
        Check.argument(signatureWindowMillis > 0 && nonceCacheEntriesMax > 0, "signature limits");
    }

    /** These limits with other connection timeouts (tests use short ones). */
    public Limits withConnectionTimeouts(long requestParseMillis, long bodyReadMillis, long idleMillis) {
        return new Limits(keyLengthMax, peerConnectTimeoutMillis, peerTimeoutMillis, tickIntervalMillis,
                antiEntropyIntervalMillis, probeIntervalMillis, readmitAfterMillis, replicationRetryMillis,
                replicationBatchWritesMax, outboxWritesMax, causalBufferWritesMax, syncVersionsMax, syncPageBytesMax,
                syncScanKeysMax, replicationBatchBytesMax, knownAddressesMax, pendingCallsMax, clientBodyBytesMax,
                peerBodyBytesMax, bodiesInFlightBytesMax, requestParseMillis, bodyReadMillis, idleMillis,
                signatureWindowMillis, nonceCacheEntriesMax);
    }

    /** These limits with other state-transfer pages (tests and the simulator use small ones). */
    public Limits withSyncPages(int versionsMax, int bytesMax, int scanKeysMax) {
        return new Limits(keyLengthMax, peerConnectTimeoutMillis, peerTimeoutMillis, tickIntervalMillis,
                antiEntropyIntervalMillis, probeIntervalMillis, readmitAfterMillis, replicationRetryMillis,
                replicationBatchWritesMax, outboxWritesMax, causalBufferWritesMax, versionsMax, bytesMax,
                scanKeysMax, replicationBatchBytesMax, knownAddressesMax, pendingCallsMax, clientBodyBytesMax,
                peerBodyBytesMax, bodiesInFlightBytesMax, requestParseTimeoutMillis, bodyReadTimeoutMillis,
                idleConnectionTimeoutMillis, signatureWindowMillis, nonceCacheEntriesMax);
    }

    /** These limits with another budget for the request bodies in flight. */
    public Limits withBodiesInFlightBytesMax(long bytesMax) {
        return new Limits(keyLengthMax, peerConnectTimeoutMillis, peerTimeoutMillis, tickIntervalMillis,
                antiEntropyIntervalMillis, probeIntervalMillis, readmitAfterMillis, replicationRetryMillis,
                replicationBatchWritesMax, outboxWritesMax, causalBufferWritesMax, syncVersionsMax, syncPageBytesMax,
                syncScanKeysMax, replicationBatchBytesMax, knownAddressesMax, pendingCallsMax, clientBodyBytesMax,
                peerBodyBytesMax, bytesMax, requestParseTimeoutMillis, bodyReadTimeoutMillis,
                idleConnectionTimeoutMillis, signatureWindowMillis, nonceCacheEntriesMax);
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
                20_000,  // syncVersionsMax (per page)
                4 << 20, // syncPageBytesMax: 4 MiB
                100_000, // syncScanKeysMax
                4 << 20, // replicationBatchBytesMax: 4 MiB
                256,     // knownAddressesMax
                4_096,   // pendingCallsMax
                1 << 20, // clientBodyBytesMax: 1 MiB
                16 << 20, // peerBodyBytesMax: 16 MiB (a page or a batch, plus one write)
                64L << 20, // bodiesInFlightBytesMax: 64 MiB
                10_000,  // requestParseTimeoutMillis
                10_000,  // bodyReadTimeoutMillis
                60_000,  // idleConnectionTimeoutMillis
                30_000,  // signatureWindowMillis: ±30 s
                100_000); // nonceCacheEntriesMax
    }
}
