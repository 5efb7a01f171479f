package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kvs.cluster.Leftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tester as a real process: Ctrl-C (SIGINT) removes its cluster through the shutdown hook; a
 * kill -9 leaves the replicas running, and {@code kvs-test clean} removes them from the state file.
 */
class TesterExitPathsTest {
    @TempDir
    Path dir;

    private Process startTester(Path stateDir) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dkvs.cluster.stateDir=" + stateDir,
                "-cp", classpath, "kvs.tester.Main", "run", "--network", "loopback", "--no-conformance", "--nemesis", "none",
                "--time", "120s", "--replica-cmd", OurReplica.command(), "--out", dir.resolve("runs").toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("tester.out").toFile()).start();
    }

    /** Waits for the tester's state file to list 3 running replicas; returns their pids. */
    private List<Long> awaitReplicas(Path stateDir, Process tester) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(tester.isAlive(), () -> "the tester exited: " + output());
            String out = output();
            if (out.contains("workload:")) {
                List<Long> pids = new ArrayList<>();
                for (Map<String, String> state : states(stateDir)) {
                    for (int i = 0; i < 3; i++) {
                        long pid = Long.parseLong(state.getOrDefault("member." + i + ".pid", "0"));
                        if (pid > 0) {
                            pids.add(pid);
                        }
                    }
                }
                if (pids.size() == 3) {
                    return pids;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the tester did not start its workload: " + output());
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("tester.out"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Map<String, String>> states(Path stateDir) throws IOException {
        List<Map<String, String>> states = new ArrayList<>();
        if (!Files.isDirectory(stateDir)) {
            return states;
        }
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".state")).toList()) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(f)) {
                    p.load(in);
                }
                Map<String, String> m = new java.util.TreeMap<>();
                p.stringPropertyNames().forEach(n -> m.put(n, p.getProperty(n)));
                states.add(m);
            }
        }
        return states;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void awaitDead(List<Long> pids, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && pids.stream().anyMatch(TesterExitPathsTest::alive)) {
            Thread.sleep(100);
        }
    }

    @Test
    void ctrlCRemovesTheClusterThroughTheShutdownHook() throws Exception {
        Path stateDir = dir.resolve("state");
        Process tester = startTester(stateDir);
        List<Long> replicas = awaitReplicas(stateDir, tester);
        new ProcessBuilder("kill", "-INT", Long.toString(tester.pid())).start().waitFor();
        assertTrue(tester.waitFor(60, TimeUnit.SECONDS), "the tester exits on SIGINT");
        awaitDead(replicas, 10);
        for (long pid : replicas) {
            assertFalse(alive(pid), "replica " + pid + " survived Ctrl-C: " + output());
        }
        assertEquals(List.of(), states(stateDir), "no state file left");
    }

    @Test
    void afterKillMinusNineCleanRemovesTheLeftovers() throws Exception {
        Path stateDir = dir.resolve("state");
        Process tester = startTester(stateDir);
        List<Long> replicas = awaitReplicas(stateDir, tester);
        tester.destroyForcibly();
        assertTrue(tester.waitFor(30, TimeUnit.SECONDS));
        for (long pid : replicas) {
            assertTrue(alive(pid), "a kill -9 of the tester leaves its replicas (that is what clean is for)");
        }
        List<String> report = Leftovers.clean(stateDir, false);
        assertEquals(1, report.size(), report.toString());
        assertTrue(report.get(0).contains("removed 3 replica(s)"), report.toString());
        awaitDead(replicas, 10);
        for (long pid : replicas) {
            assertFalse(alive(pid), "replica " + pid + " survived clean");
        }
        assertEquals(List.of(), states(stateDir));
    }
}
