package kvs.replica;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Replicas on loopback ports, in this JVM; crash = close the server, restart = a new one. */
final class LocalCluster implements AutoCloseable {
    final List<String> addresses = new ArrayList<>();
    final Map<String, ReplicaServer> running = new TreeMap<>();

    static LocalCluster start(int n) {
        LocalCluster cluster = new LocalCluster();
        for (int i = 0; i < n; i++) cluster.addresses.add("127.0.0.1:" + freePort());
        for (String address : cluster.addresses) cluster.running.put(address, ReplicaServer.start(address, cluster.addresses));
        return cluster;
    }

    String at(int i) {
        return addresses.get(i);
    }

    void crash(int i) {
        running.remove(at(i)).close();
    }

    void restart(int i) {
        running.put(at(i), ReplicaServer.start(at(i), addresses));
    }

    /** A new replica that joins: its VIEW is the running replicas and itself. */
    String join() {
        String address = "127.0.0.1:" + freePort();
        addresses.add(address);
        List<String> view = new ArrayList<>(running.keySet());
        view.add(address);
        running.put(address, ReplicaServer.start(address, view));
        return address;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        running.values().forEach(ReplicaServer::close);
        running.clear();
    }
}
