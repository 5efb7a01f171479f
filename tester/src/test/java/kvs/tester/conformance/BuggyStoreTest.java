package kvs.tester.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.cluster.Cluster;

/** The buggy Python store of examples/buggy-store: conformance shows the mistakes that are switched on, and only those. */
class BuggyStoreTest {
    static final Set<String> VIEW_CHECKS = Set.of(
            "GET /view at replica 1: every replica, itself included",
            "PUT /view of a member already in the view: already present",
            "DELETE /view of a member: deleted",
            "PUT /view of an address not in the view: added");

    @TempDir
    Path dir;

    @Test
    void conformanceShowsTheMissingViewAndTheCrashThatNoViewReports() {
        List<CheckResult> results;
        try (Cluster cluster = TestClusters.loopback(Implementations.buggyStore("all"), dir, dir, 3)) {
            results = TestClusters.conformance(cluster);
        }
        Set<String> failed = TestClusters.failed(results);
        assertTrue(failed.containsAll(VIEW_CHECKS), () -> "failed: " + failed);
        assertTrue(failed.contains("views exclude a crashed replica within 5 s"), () -> "failed: " + failed);
        assertFalse(failed.contains("PUT a new key: created"), () -> "failed: " + failed);
    }

    @Test
    void withTheViewSwitchedBackOnTheViewRowsPass() {
        List<CheckResult> results;
        try (Cluster cluster = TestClusters.loopback(Implementations.buggyStore("apply-on-arrival,merge-on-503,give-up"), dir, dir, 3)) {
            results = TestClusters.conformance(cluster);
        }
        Set<String> failed = TestClusters.failed(results);
        assertTrue(failed.stream().noneMatch(VIEW_CHECKS::contains), () -> "failed: " + failed);
        assertFalse(failed.contains("deleted keys stay deleted at every replica (3000 ms later, anti-entropy included)"),
                () -> "failed: " + failed);
        // It never detects a crash, whatever the switches.
        assertTrue(failed.contains("views exclude a crashed replica within 5 s"), () -> "failed: " + failed);
    }
}
