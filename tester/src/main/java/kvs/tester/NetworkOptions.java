package kvs.tester;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

import kvs.cluster.NetnsCluster;
import kvs.cluster.NetnsConfig;
import picocli.CommandLine.Option;

/**
 * Where a cluster's replicas live: the same options, with the same meaning and defaults, in
 * {@code kvs-test run}, {@code kvs-test conformance} and {@code kvs-test cluster} (a picocli mixin).
 */
public final class NetworkOptions {
    static final int NETNS_PORT_DEFAULT = 8090;

    @Option(names = "--network", paramLabel = "netns|loopback|auto", defaultValue = "auto",
            description = "netns: each replica in a network namespace of its own, with its own address (the course's layout;"
                    + " root); loopback: ports of 127.0.0.1 (no partitions); auto: netns as root, else loopback"
                    + " (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--port", paramLabel = "PORT",
            description = "netns: every replica's port (default " + NETNS_PORT_DEFAULT + "); loopback: the first port, replica i"
                    + " (from 1) at PORT+i-1 (default: free ports).")
    Optional<Integer> port = Optional.empty();

    /** The name conformance had for --port on loopback; kept so that older command lines still run. */
    @Option(names = "--base-port", paramLabel = "PORT", hidden = true)
    Optional<Integer> basePort = Optional.empty();

    @Option(names = "--subnet", paramLabel = "A.B.C.0/24", defaultValue = "10.10.0.0/24",
            description = "netns: the /24 the replicas live in; the host is .1, replica i is .(i+1) (default: ${DEFAULT-VALUE}).")
    String subnet;

    @Option(names = "--bridge", paramLabel = "NAME", defaultValue = "kvtbr0", description = "netns: the bridge's name (default: ${DEFAULT-VALUE}).")
    String bridge;

    @Option(names = "--ns-prefix", paramLabel = "PREFIX", defaultValue = "kvt",
            description = "netns: namespaces <PREFIX><i>, veths <PREFIX>v<i> (default: ${DEFAULT-VALUE}).")
    String nsPrefix;

    /**
     * The network chosen: {@code auto} is netns as root, else loopback, and says so on {@code err}
     * in one line that ends with {@code loopbackCost} (what the run loses on loopback).
     */
    public RunConfig.Network network(PrintStream err, String command, String loopbackCost) {
        switch (network.toLowerCase(Locale.ROOT)) {
            case "netns":
                return RunConfig.Network.NETNS;
            case "loopback":
                return RunConfig.Network.LOOPBACK;
            case "auto":
                if (NetnsCluster.isRoot()) return RunConfig.Network.NETNS;
                err.println(command + ": not root, so replicas run on loopback ports (" + loopbackCost + ")");
                return RunConfig.Network.LOOPBACK;
            default:
                throw new IllegalArgumentException("--network must be netns, loopback or auto, not '" + network + "'");
        }
    }

    /** The netns layout (its port: {@code --port}, else 8090). */
    public NetnsConfig netns() {
        return new NetnsConfig(subnet, bridge, nsPrefix, port.orElse(NETNS_PORT_DEFAULT));
    }

    /** The first loopback port, when one was given ({@code --port}, or the old {@code --base-port}); 0 is none. */
    public Optional<Integer> loopbackBasePort() {
        if (port.isPresent() && basePort.isPresent() && !port.equals(basePort)) {
            throw new IllegalArgumentException("--base-port is the old name of --port; give one of them");
        }
        return port.or(() -> basePort).filter(p -> p != 0);
    }
}
