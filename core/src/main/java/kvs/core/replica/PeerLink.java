package kvs.core.replica;

import java.util.ArrayDeque;

/**
 * What a replica keeps for one peer in its view: its own writes that the peer has not yet
 * accepted (in sequence order), and whether a replication batch or an anti-entropy request to it
 * is in flight. At most one of each is in flight, so batches grow by themselves under load.
 */
final class PeerLink {
    final String address;
    final ArrayDeque<Version> outbox = new ArrayDeque<>();
    boolean replicateInFlight;
    long nextReplicateAtMillis;
    boolean syncInFlight;
    long nextSyncAtMillis;

    PeerLink(String address, long nextSyncAtMillis) {
        this.address = address;
        this.nextSyncAtMillis = nextSyncAtMillis;
    }
}
