package kvs.sim.world;

import java.util.HashMap;
import java.util.Map;

import kvs.core.replica.Replica;

/**
 * One address of the simulated cluster and the replica living there, if any. A crash drops the
 * {@link Replica} object (its volatile state is lost) and bumps {@code life}, so events scheduled
 * for an earlier life (ticks, answers to its calls) find it gone and are dropped.
 */
final class Node {
    final int index;
    final String address;
    /** The running replica; absent (null) while the node is down. Only {@link World} reads it. */
    private Replica replica;
    long incarnation;
    int life;
    boolean member;
    boolean removed;
    /** Peer requests handed to the replica, by request id, until it answers (lookups only). */
    final Map<Long, World.Call> inbound = new HashMap<>();
    /** Client requests handed to the replica, by request id, until it answers (lookups only). */
    final Map<Long, World.ClientAttempt> clientRequests = new HashMap<>();

    Node(int index, String address) {
        this.index = index;
        this.address = address;
    }

    boolean up() {
        return replica != null;
    }

    Replica replica() {
        if (replica == null) throw new IllegalStateException(address + " is down");
        return replica;
    }

    void start(Replica fresh) {
        replica = fresh;
        life++;
    }

    void stop() {
        replica = null;
        life++;
        inbound.clear();
        clientRequests.clear();
    }
}
