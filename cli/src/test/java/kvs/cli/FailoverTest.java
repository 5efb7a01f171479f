package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas that crash and restart under a session. */
class FailoverTest {
    @TempDir
    Path home;

    @Test
    void aDownReplicaIsSkippedAndARestartedOneServesTheSessionsWritesOnceCaughtUp() {
        try (LiveCluster cluster = LiveCluster.start(3)) {
            Cli cli = new Cli(home).withReplicas(cluster.all());
            cluster.crash(0);
            Cli.Run put = cli.run("put", "k", "1");
            assertEquals(0, put.exit(), put.toString());
            assertEquals("created k at " + cluster.at(1) + "\n", put.out());
            // The restarted replica starts empty and copies the store from a peer; the session's
            // metadata names the write, so the replica answers 503 (retried) or the value, never 404.
            cluster.restart(0);
            Cli.Run read = cli.run("get", "k", "-r", cluster.at(0), "--wait", "8s");
            assertEquals(0, read.exit(), read.toString());
            assertEquals("1\n", read.out());
            assertTrue(cli.run("view", "list", "-r", cluster.at(0)).out().contains(cluster.at(1)));
        }
    }
}
