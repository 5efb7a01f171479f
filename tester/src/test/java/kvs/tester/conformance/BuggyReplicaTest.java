package kvs.tester.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.core.replica.Bug;
import kvs.tester.RunConfig;

/**
 * Our own replica with one of the core's deliberate bugs switched on (started by the test-only
 * {@link BuggyReplicaMain}), caught live by {@code kvs-test run}.
 */
class BuggyReplicaTest {
    @TempDir
    Path dir;

    @Test
    void aReplicaThatIgnoresTheClientsMetadataOnGetIsCaughtLive() throws Exception {
        TestRuns.Found found = TestRuns.run("bug-ignore-metadata", Implementations.ourReplicaWith(Bug.IGNORE_CLIENT_METADATA_ON_GET),
                dir, dir, RunConfig.Network.LOOPBACK, Duration.ofSeconds(15), "kill,pause", 2, Duration.ofSeconds(30));
        assertEquals(1, found.exitCode(), found.output());
        Set<String> invalid = found.invalidChecks();
        assertTrue(invalid.contains("read-your-writes") || invalid.contains("cc"), () -> "invalid: " + invalid);
        assertEquals("", found.unexplained());
    }
}
