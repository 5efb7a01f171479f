package kvs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackClusterTest {
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void startsKillsRestartsPausesJoinsAndLeavesNothingBehind() throws Exception {
        Path stateDir = dir.resolve("state");
        List<ProcessHandle> everything = new ArrayList<>();
        LoopbackCluster cluster = LoopbackCluster.start(TestSupport.spec(dir, true), 2, 0, stateDir);
        try {
            assertTrue(cluster.awaitReady(0, READY), cluster.logTail(0, 20));
            assertTrue(cluster.awaitReady(1, READY), cluster.logTail(1, 20));
            List<String> addresses = cluster.addresses();
            assertEquals(2, addresses.size());
            assertNotEquals(addresses.get(0), addresses.get(1));
            String view = String.join(",", addresses);
            assertEquals(addresses.get(1) + " " + view + " 1", TestSupport.get(addresses.get(1), "/env"));
            assertTrue(Files.exists(cluster.stateFile()));

            // kill takes the whole process group: the replica and the child it forked
            ProcessHandle replica = ProcessHandle.of(cluster.pid(1)).orElseThrow();
            List<ProcessHandle> children = replica.descendants().toList();
            assertFalse(children.isEmpty(), "the fake replica forks a child");
            cluster.kill(1);
            assertFalse(replica.isAlive());
            for (ProcessHandle child : children) {
                assertFalse(child.isAlive(), "child " + child.pid() + " survived the kill");
            }
            assertFalse(cluster.isRunning(1));
            assertTrue(TestSupport.get(addresses.get(1), "/env").startsWith("ERROR"));

            // restart: same address, same command, VIEW = every member
            cluster.start(1);
            assertTrue(cluster.awaitReady(1, READY), cluster.logTail(1, 20));
            assertEquals(addresses.get(1) + " " + view + " 1", TestSupport.get(addresses.get(1), "/env"));
            String log = Files.readString(cluster.logFile(1));
            assertEquals(2, log.split("---- ", -1).length - 1, "each start is appended to the log: " + log);

            // pause: no answer; heal resumes
            cluster.pause(0);
            assertTrue(TestSupport.get(addresses.get(0), "/env").startsWith("ERROR"));
            cluster.heal();
            assertEquals(addresses.get(0) + " " + view + " 0", TestSupport.get(addresses.get(0), "/env"));

            // join while 1 is down: VIEW = the live members and itself
            cluster.kill(1);
            int joined = cluster.join();
            assertEquals(2, joined);
            assertTrue(cluster.awaitReady(joined, READY), cluster.logTail(joined, 20));
            String newAddress = cluster.addresses().get(2);
            assertEquals(newAddress + " " + addresses.get(0) + "," + newAddress + " 2", TestSupport.get(newAddress, "/env"));

            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> cluster.partition(Set.of(0), Set.of(2), false));
            assertTrue(refused.getMessage().contains("netns"), refused.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> cluster.hang(0));

            for (int i = 0; i < cluster.size(); i++) {
                if (cluster.pid(i) > 0) {
                    ProcessHandle p = ProcessHandle.of(cluster.pid(i)).orElseThrow();
                    everything.add(p);
                    everything.addAll(p.descendants().toList());
                }
            }
            assertEquals(4, everything.size(), "two live members, each with its child");
            Path state = cluster.stateFile();
            cluster.close();
            assertFalse(Files.exists(state));
        } finally {
            cluster.close();
        }
        for (ProcessHandle p : everything) {
            assertFalse(p.isAlive(), "process " + p.pid() + " survived close()");
        }
    }

    @Test
    void cleanRemovesAClusterWhoseOwnerIsGone() {
        Path stateDir = dir.resolve("state");
        LoopbackCluster cluster = LoopbackCluster.start(TestSupport.spec(dir, true), 1, 0, stateDir);
        assertTrue(cluster.awaitReady(0, READY), cluster.logTail(0, 20));
        ProcessHandle replica = ProcessHandle.of(cluster.pid(0)).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(replica.descendants().toList());
        all.add(replica);
        cluster.detach(); // as a crashed tester would: processes run, the state file stays

        List<String> report = Leftovers.clean(stateDir, false);
        assertEquals(1, report.size(), report.toString());
        assertTrue(report.get(0).contains("removed 1 replica(s)"), report.toString());
        for (ProcessHandle p : all) {
            assertFalse(p.isAlive(), "process " + p.pid() + " survived clean");
        }
        assertTrue(Leftovers.clean(stateDir, false).get(0).contains("nothing to clean"));
    }

    @Test
    void cleanLeavesAClusterOfALiveOwnerAlone() {
        Path stateDir = dir.resolve("state");
        try (LoopbackCluster cluster = LoopbackCluster.start(TestSupport.spec(dir, false), 1, 0, stateDir)) {
            List<String> report = Leftovers.clean(stateDir, false);
            assertTrue(report.get(0).contains("in use by the running process"), report.toString());
            assertTrue(Files.exists(cluster.stateFile()));
        }
    }

    @Test
    void aReplicaThatExitsIsNotReadyAndItsLogSaysWhy() {
        ReplicaSpec spec = new ReplicaSpec("echo 'cannot bind: port taken' >&2; exit 3", dir, dir.resolve("logs"));
        try (LoopbackCluster cluster = LoopbackCluster.start(spec, 1, 0, dir.resolve("state"))) {
            assertFalse(cluster.awaitReady(0, Duration.ofSeconds(20)));
            assertTrue(cluster.logTail(0, 5).contains("cannot bind: port taken"), cluster.logTail(0, 5));
        }
    }
}
