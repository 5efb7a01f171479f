package kvs.tester.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import kvs.cluster.Cluster;
import kvs.cluster.LoopbackCluster;
import kvs.cluster.NetnsCluster;
import kvs.cluster.NetnsConfig;
import kvs.cluster.ReplicaSpec;

/** Clusters for the tester's tests: loopback on free ports, or namespaces in this helper's own subnet. */
final class TestClusters {
    /** The tester tests' own subnet, bridge and namespace names (no other test uses them). */
    static final NetnsConfig NETNS = new NetnsConfig("10.42.0.0/24", "kvt42", "kt42-", 8090);

    private TestClusters() {}

    static Optional<String> netnsMissing() {
        return NetnsCluster.unavailableReason();
    }

    static Cluster loopback(String command, Path workDir, Path dir, int replicas) {
        return ready(LoopbackCluster.start(new ReplicaSpec(command, workDir, dir.resolve("logs")), replicas, 0, dir.resolve("state")));
    }

    static Cluster netns(String command, Path workDir, Path dir, int replicas) {
        return ready(NetnsCluster.start(new ReplicaSpec(command, workDir, dir.resolve("logs")), replicas, NETNS, dir.resolve("state")));
    }

    private static Cluster ready(Cluster cluster) {
        try {
            for (int i = 0; i < cluster.addresses().size(); i++) {
                int member = i;
                assertTrue(cluster.awaitReady(i, Duration.ofSeconds(30)), () -> "replica " + (member + 1) + " not ready; log "
                        + cluster.logFile(member));
            }
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    static List<CheckResult> conformance(Cluster cluster) {
        List<CheckResult> results = Conformance.check(cluster, ConformanceOptions.defaults(), r -> {});
        ConformanceTable.header(System.out);
        results.forEach(r -> ConformanceTable.row(System.out, r));
        System.out.println(ConformanceTable.summary(results));
        return results;
    }

    static Set<String> failed(List<CheckResult> results) {
        Set<String> names = new TreeSet<>();
        results.stream().filter(CheckResult::failed).forEach(r -> names.add(r.check()));
        return names;
    }
}
