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
        int nonceCacheEntriesMax,
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
        Check.argument(syncPageBytesMax > 0 && syncScanKeysMax > 0 && replicationBatchBytesMax > 0, "page limits");
        Check.argument(syncPageBytesMax + 2L * clientBodyBytesMax <= peerBodyBytesMax
                && replicationBatchBytesMax + 2L * clientBodyBytesMax <= peerBodyBytesMax,
                "a page or a batch (plus one write) must fit in a peer body");
        Check.argument(bodiesInFlightBytesMax >= peerBodyBytesMax, "the bodies in flight must hold one peer body");
        Check.argument(requestParseTimeoutMillis > 0 && bodyReadTimeoutMillis > 0 && idleConnectionTimeoutMillis > 0,
                "connection timeouts must be positive");
        Check.argument(signatureWindowMillis > 0 && nonceCacheEntriesMax > 0, "signature limits");
        Check.argument(counterMax > 0 && counterMax <= Long.MAX_VALUE / 4, "counterMax must leave room below Long.MAX_VALUE");
        Check.argument(lamportLeadMax > 0 && lamportLeadMax < counterMax, "lamportLeadMax out of range");
        Check.argument(clockEntriesMax > 0 && addressLengthMax > 0 && valueDepthMax > 0, "shape limits must be positive");
        Check.argument(joinGraceMillis >= 0 && unreachedForgetMillis >= joinGraceMillis, "forget after the grace");
        Check.argument(probeBackoffMaxMillis >= probeIntervalMillis, "backoff below the probe interval");
        Check.argument(unansweredAddressesMax > 0 && unansweredAddressesMax < knownAddressesMax,
                "unanswered addresses must leave room for real ones");
    }

    /** These limits with other connection timeouts (tests use short ones). */
    public Limits withConnectionTimeouts(long requestParseMillis, long bodyReadMillis, long idleMillis) {
        return new Limits(keyLengthMax, peerConnectTimeoutMillis, peerTimeoutMillis, tickIntervalMillis,
                antiEntropyIntervalMillis, probeIntervalMillis, readmitAfterMillis, replicationRetryMillis,
                replicationBatchWritesMax, outboxWritesMax, causalBufferWritesMax, syncVersionsMax, syncPageBytesMax,
                syncScanKeysMax, replicationBatchBytesMax, knownAddressesMax, pendingCallsMax, clientBodyBytesMax,
                peerBodyBytesMax, bodiesInFlightBytesMax, requestParseMillis, bodyReadMillis, idleMillis,
                signatureWindowMillis, nonceCacheEntriesMax,
                counterMax, lamportLeadMax, clockEntriesMax, addressLengthMax, valueDepthMax, joinGraceMillis, unreachedForgetMillis, probeBackoffMaxMillis, unansweredAddressesMax);
    }

    /** These limits with other state-transfer pages (tests and the simulator use small ones). */
    public Limits withSyncPages(int versionsMax, int bytesMax, int scanKeysMax) {
        return new Limits(keyLengthMax, peerConnectTimeoutMillis, peerTimeoutMillis, tickIntervalMillis,
                antiEntropyIntervalMillis, probeIntervalMillis, readmitAfterMillis, replicationRetryMillis,
                replicationBatchWritesMax, outboxWritesMax, causalBufferWritesMax, versionsMax, bytesMax,
                scanKeysMax, replicationBatchBytesMax, knownAddressesMax, pendingCallsMax, clientBodyBytesMax,
                peerBodyBytesMax, bodiesInFlightBytesMax, requestParseTimeoutMillis, bodyReadTimeoutMillis,
                idleConnectionTimeoutMillis, signatureWindowMillis, nonceCacheEntriesMax,
                counterMax, lamportLeadMax, clockEntriesMax, addressLengthMax, valueDepthMax, joinGraceMillis, unreachedForgetMillis, probeBackoffMaxMillis, unansweredAddressesMax);
    }

    /** These limits with another budget for the request bodies in flight. */
    public Limits withBodiesInFlightBytesMax(long bytesMax) {
        return new Limits(keyLengthMax, peerConnectTimeoutMillis, peerTimeoutMillis, tickIntervalMillis,
                antiEntropyIntervalMillis, probeIntervalMillis, readmitAfterMillis, replicationRetryMillis,
                replicationBatchWritesMax, outboxWritesMax, causalBufferWritesMax, syncVersionsMax, syncPageBytesMax,
                syncScanKeysMax, replicationBatchBytesMax, knownAddressesMax, pendingCallsMax, clientBodyBytesMax,
                peerBodyBytesMax, bytesMax, requestParseTimeoutMillis, bodyReadTimeoutMillis,
                idleConnectionTimeoutMillis, signatureWindowMillis, nonceCacheEntriesMax,
                counterMax, lamportLeadMax, clockEntriesMax, addressLengthMax, valueDepthMax, joinGraceMillis, unreachedForgetMillis, probeBackoffMaxMillis, unansweredAddressesMax);
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
                100_000, // nonceCacheEntriesMax
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
