package kvs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kvs.replica.ReplicaServer;

/** Real replicas (the production driver) on loopback ports in this JVM; crash closes one, restart starts it again. */
public final class LiveCluster implements AutoCloseable {
    private final List<String> addresses = new ArrayList<>();
    private final Map<String, ReplicaServer> running = new TreeMap<>();

    public static LiveCluster start(int size) {
        LiveCluster cluster = new LiveCluster();
        for (int i = 0; i < size; i++) cluster.addresses.add("127.0.0.1:" + Loopback.freePort());
        for (String address : cluster.addresses) cluster.running.put(address, ReplicaServer.start(address, cluster.addresses));
        return cluster;
    }

    public String at(int i) {
        return addresses.get(i);
    }

    /** All addresses, comma-separated, as KVS_REPLICAS wants them. */
    public String all() {
        return String.join(",", addresses);
    }

    public void crash(int i) {
        running.remove(at(i)).close();
    }

    public void restart(int i) {
        running.put(at(i), ReplicaServer.start(at(i), addresses));
    }

    @Override
    public void close() {
        running.values().forEach(ReplicaServer::close);
        running.clear();
    }
}
