package kvs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kvs.cli.http.HttpOutcome;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.http.ReplicaClient;
import kvs.replica.ReplicaServer;
import org.awaitility.Awaitility;

/** Real replicas (the production driver) on loopback ports in this JVM; crash closes one, restart starts it again. */
public final class LiveCluster implements AutoCloseable {
    private final List<String> addresses = new ArrayList<>();
    private final Map<String, ReplicaServer> running = new TreeMap<>();

    public static LiveCluster start(int size) {
        LiveCluster cluster = new LiveCluster();
        for (int i = 0; i < size; i++) cluster.addresses.add("127.0.0.1:" + Loopback.freePort());
        for (String address : cluster.addresses) cluster.running.put(address, ReplicaServer.start(address, cluster.addresses));
        cluster.awaitViewsSettled();
        return cluster;
    }

    /**
     * Waits (at most 10 s) until every running replica's view holds every running replica:
     * replicas that start together race, and their views settle within seconds.
     */
    public void awaitViewsSettled() {
        ReplicaClient client = new ReplicaClient(Duration.ofMillis(300), Duration.ofSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String address : running.keySet()) {
                HttpOutcome outcome = client.send(ReplicaAddress.parse(address), "GET", "/view", Optional.empty());
                if (!(outcome instanceof HttpOutcome.Answered answered) || answered.body().isEmpty()) return false;
                Set<String> view = new TreeSet<>();
                answered.body().get().path("view").forEach(member -> view.add(member.asText()));
                if (!view.equals(running.keySet())) return false;
            }
            return true;
        });
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
