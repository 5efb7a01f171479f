package kvs.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import kvs.cli.Json;
import kvs.cluster.NetnsCluster;
import kvs.cluster.NetnsConfig;
import kvs.tester.nemesis.FaultKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs on real processes: our replica with every fault (netns as root, on this helper's own
 * subnet; loopback otherwise) is valid and converged; a replica that cannot start fails the run with
 * its log shown and leaves nothing behind.
 */
class RunTest {
    static final NetnsConfig NETNS = new NetnsConfig("10.41.1.0/24", "kvt41b", "kt41b", 8090);

    @TempDir
    static Path stateDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void ownStateDir() {
        System.setProperty("kvs.cluster.stateDir", stateDir.toString());
    }

    private RunConfig config(String command, RunConfig.Network network, Duration time, EnumSet<FaultKind> faults, long seed) {
        return new RunConfig("t", command, dir, 3, time, 8, 5, "45:45:10", seed, faults, Duration.ofMillis(2500),
                dir.resolve("runs"), network, NETNS, Optional.empty(), Duration.ofSeconds(90), Duration.ofSeconds(30),
                Duration.ofSeconds(10), false, false, "test");
    }

    @Test
    void ourReplicaUnderEveryFaultIsValidAndConverged() throws Exception {
        boolean netns = NetnsCluster.unavailableReason().isEmpty();
        // Another build on this machine may run this test at the same time: the lock keeps the two
        // from removing each other's namespaces.
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                Path.of(System.getProperty("java.io.tmpdir"), "kvs-netns-" + NETNS.bridge() + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = channel.lock();
            try {
                runEveryFault(netns);
            } finally {
                lock.release();
            }
        }
    }

    private void runEveryFault(boolean netns) throws Exception {
        if (netns) {
            NetnsCluster.removeByName(NETNS);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TestRun run = new TestRun(config(OurReplica.command(), netns ? RunConfig.Network.NETNS : RunConfig.Network.LOOPBACK,
                Duration.ofSeconds(15), EnumSet.allOf(FaultKind.class), 11), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = run.execute();
        String text = out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        JsonNode results = Json.MAPPER.readTree(run.folder().resolve("results.json").toFile());
        assertEquals("valid", results.path("verdict").asText(), text);
        assertTrue(results.path("convergence").path("converged").asBoolean(), text);
        assertTrue(results.path("operations").path("crossSessionReads").asLong() >= Strength.CROSS_READS_MIN, text);
        String history = Files.readString(run.folder().resolve("history.jsonl"));
        assertTrue(history.contains("\"type\":\"fault\""), "the nemesis's faults are lines of the history");
        assertTrue(history.contains("\"final\":true"), "the last quiescent round is recorded as final reads");
        for (String file : List.of("summary.txt", "report.html", "replica-1.log", "replica-3.log")) {
            assertTrue(Files.exists(run.folder().resolve(file)), file);
        }
        assertEquals(run.folder(), dir.resolve("runs").resolve("latest").toRealPath());
        assertNoStateLeft();
    }

    @Test
    void aReplicaThatCannotStartFailsTheRunWithItsLogAndLeavesNothing() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TestRun run = new TestRun(config("echo 'fatal: VIEW is malformed' >&2; exit 3", RunConfig.Network.LOOPBACK,
                Duration.ofSeconds(5), EnumSet.noneOf(FaultKind.class), 1), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = run.execute();
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertTrue(text.contains("replica 1 exited before answering"), text);
        assertTrue(text.contains("fatal: VIEW is malformed"), "the replica's last log lines are shown: " + text);
        assertTrue(Files.readString(run.folder().resolve("summary.txt")).contains("did not start"));
        assertNoStateLeft();
    }

    @Test
    void anHtml500IsRecordedCountedShownAndMakesTheRunInvalid() throws Exception {
        Path store = Path.of(RunTest.class.getResource("/flaky500_store.py").toURI());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunConfig base = config("exec python3 '" + store + "'", RunConfig.Network.LOOPBACK, Duration.ofSeconds(4),
                EnumSet.noneOf(FaultKind.class), 3);
        RunConfig one = new RunConfig(base.name(), base.replicaCommand(), base.directory(), 1, base.time(), base.sessions(),
                base.keys(), base.mix(), base.seed(), base.nemesis(), base.nemesisInterval(), base.out(), base.network(),
                base.netns(), base.loopbackBasePort(), base.readyTimeout(), base.convergeTimeout(), base.clientTimeout(), false,
                false, "test");
        TestRun run = new TestRun(one, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        int code = run.execute();
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertTrue(text.contains("answer(s) the API does not allow"), text);
        String history = Files.readString(run.folder().resolve("history.jsonl"));
        assertTrue(history.contains("\"unexpected\":\"HTTP 500 text/html: <!doctype html><html><title>500 Internal Server Error"),
                "recorded with status, content type and first bytes");
        String report = Files.readString(run.folder().resolve("report.html"));
        assertTrue(report.contains("Answers the API does not allow"), "a section of the report lists them");
        JsonNode results = Json.MAPPER.readTree(run.folder().resolve("results.json").toFile());
        assertEquals("invalid", results.path("verdict").asText());
        assertNoStateLeft();
    }

    private static void assertNoStateLeft() throws Exception {
        try (Stream<Path> files = Files.walk(stateDir)) {
            List<Path> left = files.filter(f -> f.toString().endsWith(".state")).toList();
            assertTrue(left.isEmpty(), "cluster state left behind: " + left);
        }
        String links = kvs.cluster.NetnsCluster.isRoot() ? new String(new ProcessBuilder("ip", "-o", "link", "show").start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        assertFalse(links.contains("kvt41b"), links);
    }
}
