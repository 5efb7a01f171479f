package kvs.tester.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.cluster.Cluster;
import picocli.CommandLine;

class ConformanceCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        ConformanceCommand command = new ConformanceCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(command).execute(args);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(64, run("--replicas", "0", "--replica-cmd", "true"));
        assertEquals(64, run("--network", "carrier-pigeon", "--replica-cmd", "true"));
        assertEquals(64, run("--against", "no-port-here"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'no-port-here' is not IP:PORT"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void againstARunningStoreItChecksWithoutFaultsAndSaysWhatItSkipped() {
        try (Cluster cluster = TestClusters.loopback(Implementations.buggyStore("all"), dir, dir, 1)) {
            int exit = run("--against", cluster.addresses().get(0));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, exit, text);
            assertTrue(text.contains("FAIL    views          GET /view at replica 1"), text);
            assertTrue(text.contains("SKIP    replication    a delete is replicated"), text);
            assertTrue(text.contains("SKIP    scenarios      views exclude a crashed replica within 5 s"), text);
            assertTrue(text.contains("needs a cluster that kvs-test started"), text);
            assertTrue(text.matches("(?s).*conformance: \\d+ checks, \\d+ PASS, \\d+ FAIL, \\d+ SKIP.*"), text);
        }
    }
}
