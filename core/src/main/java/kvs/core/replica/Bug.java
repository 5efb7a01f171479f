package kvs.core.replica;

/**
 * Deliberate bugs, for the simulator's teeth tests only: each breaks one rule of causal
 * consistency so that a test can show the simulator and checker catch it. The production driver
 * never sets any; an empty set is the correct replica.
 */
public enum Bug {
    /** Apply a peer's write without waiting for its dependencies. */
    APPLY_BEFORE_DEPENDENCIES,
    /** Return the client's metadata without the write just made. */
    OMIT_WRITE_FROM_METADATA,
    /** Leave tombstones out of state transfer. */
    DROP_TOMBSTONES_IN_TRANSFER,
    /** Use the same writer id in every incarnation, so a restart reuses write identifiers. */
    REUSE_WRITE_IDS_AFTER_RESTART,
    /** Serve a GET without checking the client's metadata. */
    IGNORE_CLIENT_METADATA_ON_GET,
    /** Act on peer requests without validating their fields (the hostile-input fault must catch it). */
    TRUST_PEER_MESSAGES
}
