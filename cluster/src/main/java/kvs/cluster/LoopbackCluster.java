package kvs.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Members on distinct ports of 127.0.0.1: {@code basePort + i}, or free ports when the base port is
 * 0. No separate addresses, so no partition and no cut cable: those throw
 * {@link UnsupportedOperationException}; kill, restart, pause and join work.
 */
public final class LoopbackCluster extends ProcessCluster {
    public static final String HOST = "127.0.0.1";
    private static final String NO_NETWORK_FAULTS = "the loopback network cannot cut one replica off from another"
            + " (every replica shares 127.0.0.1): partitions and cut cables need --network netns (as root)";

    private final int basePort;

    private LoopbackCluster(ReplicaSpec spec, Path stateFile, int basePort) {
        super(spec, stateFile);
        this.basePort = basePort;
    }

    /** Starts {@code replicas} members (not waiting for them: see {@link #awaitReady}). */
    public static LoopbackCluster start(ReplicaSpec spec, int replicas, int basePort) {
        return start(spec, replicas, basePort, StateFiles.defaultDir());
    }

    public static LoopbackCluster start(ReplicaSpec spec, int replicas, int basePort, Path stateDir) {
        if (basePort < 0 || basePort + replicas > 65535) {
            throw new IllegalArgumentException("base port " + basePort + " does not leave room for " + replicas + " replicas");
        }
        LoopbackCluster cluster = new LoopbackCluster(spec, StateFiles.fresh(stateDir, "loopback"), basePort);
        cluster.closeOnExit();
        try {
            cluster.startInitial(replicas);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    static LoopbackCluster attach(Path file, Map<String, String> state) {
        LoopbackCluster cluster = new LoopbackCluster(specOf(state), file, Integer.parseInt(state.getOrDefault("loopback.baseport", "0")));
        cluster.restore(state);
        return cluster;
    }

    @Override
    List<String> launchPrefix(int i) {
        return List.of();
    }

    @Override
    String newMemberAddress(int i) {
        if (basePort > 0) {
            return HOST + ":" + (basePort + i);
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                String address = HOST + ":" + socket.getLocalPort();
                if (!addresses().contains(address)) {
                    return address;
                }
            } catch (IOException e) {
                throw new ClusterException("cannot find a free port on " + HOST + ": " + e.getMessage(), e);
            }
        }
        throw new ClusterException("cannot find a free port on " + HOST);
    }

    @Override
    void removeNetwork() {}

    @Override
    void describe(Map<String, String> state) {
        state.put("kind", "loopback");
        state.put("loopback.baseport", Integer.toString(basePort));
    }

    @Override
    public void partition(Set<Integer> side, Set<Integer> other, boolean oneWay) {
        throw new UnsupportedOperationException("partition: " + NO_NETWORK_FAULTS);
    }

    @Override
    public void hang(int i) {
        throw new UnsupportedOperationException("hang: " + NO_NETWORK_FAULTS);
    }

    @Override
    public synchronized void heal() {
        resumeAll();
    }
}
