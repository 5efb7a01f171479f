package kvs.tester.conformance;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import kvs.core.Limits;
import kvs.core.replica.Bug;
import kvs.core.replica.ReplicaConfig;
import kvs.replica.ReplicaServer;

/**
 * TEST ONLY: our replica with some of the core's deliberate bugs switched on, started like the real
 * one ({@code SOCKET_ADDRESS}, {@code VIEW}) with the bugs named in {@code KVS_TEST_BUGS}
 * (comma-separated {@link Bug} names). It lives in the tester's test sources, so no production
 * command can reach it.
 */
public final class BuggyReplicaMain {
    private BuggyReplicaMain() {}

    public static void main(String[] args) throws InterruptedException {
        String address = require("SOCKET_ADDRESS");
        List<String> view = List.of(require("VIEW").split(","));
        Set<Bug> bugs = EnumSet.noneOf(Bug.class);
        for (String name : require("KVS_TEST_BUGS").split(",")) bugs.add(Bug.valueOf(name.trim()));
        ReplicaServer server = ReplicaServer.start(
                new ReplicaConfig(address, view, System.currentTimeMillis(), Limits.defaults(), bugs), Optional.empty());
        System.err.println("buggy kvs-replica " + address + ": bugs " + bugs + ", view " + view);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kvs-shutdown"));
        Thread.currentThread().join();
    }

    private static String require(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("buggy kvs-replica: " + name + " is not set");
            System.exit(64);
        }
        return value.trim();
    }
}
