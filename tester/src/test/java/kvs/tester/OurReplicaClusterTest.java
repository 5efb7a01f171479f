package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kvs.cli.http.HttpOutcome;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.http.ReplicaClient;
import kvs.cluster.LoopbackCluster;
import kvs.cluster.ReplicaSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loopback cluster of our own replica: start, kill, restart at the same address, and nothing left after close. */
class OurReplicaClusterTest {
    private static final Duration READY = Duration.ofSeconds(90);
    private final ReplicaClient client = new ReplicaClient(Duration.ofSeconds(1), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private String view(String address) {
        HttpOutcome outcome = client.send(ReplicaAddress.parse(address), "GET", "/view", Optional.empty());
        return outcome instanceof HttpOutcome.Answered a ? a.rawBody() : outcome.toString();
    }

    @Test
    void ourReplicaStartsDiesRestartsAndLeavesNoProcess() {
        List<ProcessHandle> processes = new ArrayList<>();
        Path stateFile;
        try (LoopbackCluster cluster = LoopbackCluster.start(new ReplicaSpec(OurReplica.command(), dir, dir), 3, 0, dir.resolve("state"))) {
            stateFile = cluster.stateFile();
            for (int i = 0; i < 3; i++) {
                assertTrue(cluster.awaitReady(i, READY), cluster.logTail(i, 20));
            }
            List<String> a = cluster.addresses();
            assertTrue(view(a.get(0)).contains(a.get(2)), view(a.get(0)));
            cluster.kill(2);
            assertFalse(cluster.isRunning(2));
            assertFalse(view(a.get(2)).contains("view"), "a killed replica does not answer");
            cluster.start(2);
            assertTrue(cluster.awaitReady(2, READY), cluster.logTail(2, 20));
            assertTrue(view(a.get(2)).contains(a.get(0)), view(a.get(2)));
            assertTrue(Files.exists(cluster.logFile(2)));
            for (int i = 0; i < 3; i++) {
                ProcessHandle p = ProcessHandle.of(cluster.pid(i)).orElseThrow();
                processes.add(p);
                processes.addAll(p.descendants().toList());
            }
        }
        for (ProcessHandle p : processes) {
            assertFalse(p.isAlive(), "process " + p.pid() + " survived close()");
        }
        assertFalse(Files.exists(stateFile));
        assertTrue(processes.size() >= 3);
    }
}
