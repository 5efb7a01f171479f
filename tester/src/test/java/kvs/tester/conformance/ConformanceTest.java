package kvs.tester.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.cluster.Cluster;
import kvs.cluster.LoopbackCluster;
import kvs.cluster.ReplicaSpec;

class ConformanceTest {
    @TempDir
    Path dir;

    static List<CheckResult> runOnLoopback(String command, Path dir, int replicas) {
        ReplicaSpec spec = new ReplicaSpec(command, dir, dir.resolve("logs"));
        try (LoopbackCluster cluster = LoopbackCluster.start(spec, replicas, 0, dir.resolve("state"))) {
            for (int i = 0; i < replicas; i++) {
                assertTrue(cluster.awaitReady(i, Duration.ofSeconds(30)), () -> "replica not ready: " + cluster.logTail(0, 20));
            }
            List<CheckResult> results = Conformance.check(cluster, ConformanceOptions.defaults(), r -> {});
            ConformanceTable.header(System.out);
            results.forEach(r -> ConformanceTable.row(System.out, r));
            System.out.println(ConformanceTable.summary(results));
            return results;
        }
    }

    static String failing(List<CheckResult> results) {
        return results.stream().filter(CheckResult::failed).map(r -> r.group() + ": " + r.check() + " <- " + r.answer())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void ourReplicaPassesEveryCheckOnLoopback() {
        List<CheckResult> results = runOnLoopback(Implementations.ourReplica(), dir, 3);
        assertEquals("", failing(results));
        assertTrue(results.size() > 50, "ran " + results.size() + " checks");
    }

    /** In namespaces the partition scenarios run too: nothing is skipped. */
    @Test
    void ourReplicaPassesEveryCheckInNamespaces() throws Exception {
        Optional<String> missing = TestClusters.netnsMissing();
        assumeTrue(missing.isEmpty(), () -> "namespaces not available: " + missing.get());
        List<CheckResult> results = NetnsLock.run(() -> {
            try (Cluster cluster = TestClusters.netns(Implementations.ourReplica(), dir, dir, 3)) {
                return TestClusters.conformance(cluster);
            }
        });
        assertEquals("", failing(results));
        assertTrue(results.stream().noneMatch(r -> r.status() == CheckResult.Status.SKIP), "nothing skipped in namespaces");
    }
}
