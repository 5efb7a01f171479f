package kvs.tester.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.cluster.Cluster;
import kvs.tester.RunConfig;

/**
 * The seed implementation written by others (Python and Flask, run from where it lies, never
 * copied). It listens on port 8090 whatever SOCKET_ADDRESS says, so it needs namespaces (root).
 */
class SeedFlaskTest {
    @TempDir
    Path dir;

    static void assumeRunnable() {
        Optional<String> missing = Implementations.seedFlaskMissing().or(TestClusters::netnsMissing);
        assumeTrue(missing.isEmpty(), () -> "seed-flask not run: " + missing.get());
    }

    /** Twenty seconds of sessions with every fault: causal violations, explained. */
    @Test
    void runFindsCausalViolations() throws Exception {
        assumeRunnable();
        TestRuns.Found found = NetnsLock.run(() -> TestRuns.run("seed-flask", Implementations.seedFlask(),
                Implementations.SEED_FLASK.getParent(), dir, RunConfig.Network.NETNS, Duration.ofSeconds(20), "all", 7,
                Duration.ofSeconds(10)));
        assertEquals(1, found.exitCode(), found.output());
        Set<String> invalid = found.invalidChecks();
        assertTrue(invalid.contains("cc") || invalid.contains("cm") || invalid.contains("ccv"), () -> "invalid: " + invalid);
        assertEquals("", found.unexplained());
    }

    @Test
    void conformanceShowsTheSeedAppsMistakes() throws Exception {
        assumeRunnable();
        List<CheckResult> results = NetnsLock.run(() -> {
            try (Cluster cluster = TestClusters.netns(Implementations.seedFlask(), Implementations.SEED_FLASK.getParent(), dir, 3)) {
                return TestClusters.conformance(cluster);
            }
        });
        Set<String> failed = TestClusters.failed(results);
        assertTrue(failed.containsAll(Set.of(
                "GET /view at replica 1: every replica, itself included",
                "GET of an unknown path: 404 with an error body",
                "a key named 'sync' is an ordinary key",
                "views exclude a crashed replica within 5 s")), () -> "failed: " + failed);
    }
}
