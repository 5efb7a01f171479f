package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/cluster up|status|down}: real replicas started in the background by the script,
 * used by kvs-cli, then stopped. Needs the replica's jar, which the build makes before this module's
 * tests (the reactor packages {@code replica} first); run alone without it, the test is skipped.
 */
class ClusterScriptTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("scripts/cluster");

    @TempDir
    Path dir;

    private record Ran(int exit, String out) {}

    private Ran cluster(String ports, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KVS_CLUSTER_DIR", dir.resolve("cluster").toString());
        builder.environment().put("KVS_CLUSTER_PORTS", ports);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "scripts/cluster " + String.join(" ", args) + " did not end");
        return new Ran(process.exitValue(), out);
    }

    @Test
    void upStartsReplicasInTheBackgroundThatServeStatusShowsThemAndDownStopsThem() throws Exception {
        Assumptions.assumeTrue(Files.exists(ROOT.resolve("replica/target/kvs-replica.jar")), "replica jar not built");
        int a = Loopback.freePort();
        int b = Loopback.freePort();
        String ports = a + " " + b;
        String replicas = "127.0.0.1:" + a + ",127.0.0.1:" + b;
        try {
            Ran up = cluster(ports, "up", "2");
            assertEquals(0, up.exit(), up.out());
            assertTrue(up.out().contains("cluster of 2 up: " + replicas), up.out());
            assertEquals("export KVS_REPLICAS=" + replicas, Files.readString(dir.resolve("cluster/env")).strip());

            Ran status = cluster(ports, "status");
            assertEquals(0, status.exit(), status.out());
            // A replica lists its view in its own order (sorted), not in the order of the ports given.
            String view = String.join(",", new java.util.TreeSet<>(List.of("127.0.0.1:" + a, "127.0.0.1:" + b)));
            assertEquals(2, status.out().lines().filter(l -> l.contains("running  view: " + view)).count(), status.out());

            Cli cli = new Cli(dir).withReplicas(replicas);
            assertEquals(0, cli.run("put", "x", "1", "-r", "127.0.0.1:" + a).exit());
            Cli.Run read = cli.run("get", "x", "-r", "127.0.0.1:" + b);
            assertEquals(0, read.exit(), read.toString());
            assertEquals("1\n", read.out());

            Ran again = cluster(ports, "up", "2");
            assertEquals(1, again.exit(), "a second up refuses: " + again.out());
            assertTrue(again.out().contains("already running"), again.out());

            List<Long> pids = new ArrayList<>();
            for (int port : new int[] {a, b}) {
                pids.add(Long.parseLong(Files.readString(dir.resolve("cluster/replica-" + port + ".pid")).strip()));
            }
            Ran down = cluster(ports, "down");
            assertEquals(0, down.exit(), down.out());
            assertTrue(down.out().contains("stopped 2 replicas"), down.out());
            for (long pid : pids) assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid);
            assertTrue(Files.size(dir.resolve("cluster/replica-" + a + ".log")) > 0, "the logs are kept");
            assertEquals(3, cluster(ports, "status").exit(), "status of a stopped cluster");
        } finally {
            cluster(ports, "down");
        }
    }

    @Test
    void mistakesAreUsageErrors() throws Exception {
        Ran unknown = cluster("1 2", "upp");
        assertEquals(64, unknown.exit());
        assertTrue(unknown.out().startsWith("cluster: unknown command 'upp'"), unknown.out());
        assertEquals(64, cluster("1 2", "up", "zero").exit());
        assertEquals(64, cluster("1 2", "up", "3").exit(), "three replicas, two ports");
    }
}
