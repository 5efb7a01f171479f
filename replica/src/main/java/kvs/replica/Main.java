package kvs.replica;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import kvs.core.Limits;
import kvs.core.replica.ReplicaConfig;

/**
 * {@code SOCKET_ADDRESS=ip:port VIEW=a,b,c java -jar kvs-replica.jar}: one replica, listening on
 * the port of SOCKET_ADDRESS on all interfaces. {@code CLUSTER_TOKEN}, when set, guards the
 * internal endpoints. Exits with 64 and a one-line message naming the variable when one is missing
 * or malformed.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--cds-training")) {
            CdsTraining.run();
            return;
        }
        String socketAddress = System.getenv("SOCKET_ADDRESS");
        String viewText = System.getenv("VIEW");
        Optional<String> address = Addresses.parse(socketAddress);
        if (address.isEmpty()) {
            fail(socketAddress == null || socketAddress.isBlank()
                    ? "SOCKET_ADDRESS is not set (expected IP:PORT, e.g. 10.10.0.2:8090)"
                    : "SOCKET_ADDRESS is malformed: '" + socketAddress + "' (expected IP:PORT, e.g. 10.10.0.2:8090)");
        }
        Optional<List<String>> view = Addresses.parseList(viewText);
        if (view.isEmpty()) {
            fail(viewText == null || viewText.isBlank()
                    ? "VIEW is not set (expected comma-separated IP:PORT of every replica, this one included)"
                    : "VIEW is malformed: '" + viewText + "' (expected comma-separated IP:PORT, e.g. 10.10.0.2:8090,10.10.0.3:8090)");
        }
        Optional<String> token = Optional.ofNullable(System.getenv("CLUSTER_TOKEN")).filter(t -> !t.isEmpty());
        ReplicaConfig config = new ReplicaConfig(address.get(), view.get(), System.currentTimeMillis(),
                Limits.defaults(), Set.of());
        try {
            ReplicaServer server = ReplicaServer.start(config, token);
            System.err.println("kvs-replica " + server.address() + ": listening on 0.0.0.0:" + Addresses.port(address.get())
                    + ", writer id " + config.writerId() + ", view " + view.get());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kvs-shutdown"));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            fail("cannot listen on port " + Addresses.port(address.get()) + ": " + cause.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("kvs-replica: " + message);
        System.exit(64);
    }
}
