package kvs.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * A replica catches up from a store larger than its own heap: about 100 MB of values are transferred
 * to a replica started with {@code -Xmx64m}. Its values live outside the heap ({@link ValueSpill}),
 * and the transfer comes in pages of a few MiB, so neither the store nor the transfer has to fit in
 * the heap. (A single-message transfer needed the whole store several times over at once, and a
 * store held in the heap needed the store.)
 */
class LargeCatchUpTest {
    static final int KEYS = 2_000;
    static final int VALUE_CHARS = 50_000; // 2,000 x 50 KB = 100 MB of values
    static final String HEAP = "-Xmx64m";

    @Test
    void aReplicaWithASmallHeapCatchesUpFromALargeStore() throws Exception {
        String a = "127.0.0.1:" + LocalCluster.freePort();
        String b = "127.0.0.1:" + LocalCluster.freePort();
        Path log = Files.createTempFile("kvs-catchup", ".log");
        Process replicaB = null;
        try (ReplicaServer replicaA = ReplicaServer.start(a, List.of(a, b))) {
            JsonNode metadata = null;
            for (int i = 0; i < KEYS; i++) {
                char fill = (char) ('a' + i % 26);
                Http.Response r = Http.put(a, "key" + i, i + "-" + String.valueOf(fill).repeat(VALUE_CHARS), metadata);
                assertTrue(r.status() == 201, r.body());
                metadata = r.metadata();
            }
            ProcessBuilder builder = new ProcessBuilder(javaBin(), HEAP, "-XX:+UseSerialGC", "-cp", classpath(),
                    "kvs.replica.Main").redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SOCKET_ADDRESS", b);
            builder.environment().put("VIEW", a + "," + b);
            builder.environment().remove("CLUSTER_TOKEN");
            replicaB = builder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && replicaB.isAlive()) {
                try {
                    status = Http.get(b, "key" + (KEYS - 1), metadata).status();
                } catch (java.io.UncheckedIOException e) {
                    status = 0; // not listening yet
                }
                if (status == 200) break;
                Thread.sleep(200);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(replicaB.isAlive(), "the replica with " + HEAP + " died:\n" + tail(output));
            assertEquals(200, status, "not caught up within 120 s:\n" + tail(output));
            for (int i = 0; i < KEYS; i += 97) {
                char fill = (char) ('a' + i % 26);
                assertEquals(i + "-" + String.valueOf(fill).repeat(VALUE_CHARS),
                        Http.get(b, "key" + i, metadata).json().get("value").asText(), "key" + i);
            }
            assertTrue(output.contains("paged state transfer from " + a + " done"), tail(output));
            assertTrue(!output.contains("OutOfMemoryError"), tail(output));
        } finally {
            if (replicaB != null) {
                replicaB.destroyForcibly();
                replicaB.waitFor();
            }
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String output) {
        return output.length() > 4_000 ? output.substring(output.length() - 4_000) : output;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The classpath this test runs with, which holds kvs.replica.Main and its dependencies. */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
