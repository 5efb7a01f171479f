package kvs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs as root only (skipped with the reason otherwise); its own subnet, bridge and names. */
class NetnsClusterTest {
    static final NetnsConfig CONFIG = new NetnsConfig("10.41.0.0/24", "kvt41", "kt41-", 8090);
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void membersOnTheirOwnAddressesWithEveryShapeOfCutAndNothingLeftAfterClose() throws java.io.IOException {
        var reason = NetnsCluster.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
        // Another build on this machine (another checkout) may run this test at the same time:
        // the lock keeps the two from removing each other's namespaces.
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                Path.of(System.getProperty("java.io.tmpdir"), "kvs-netns-" + CONFIG.bridge() + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = channel.lock();
            try {
                runCluster();
            } finally {
                lock.release();
            }
        }
    }

    private void runCluster() {
        NetnsCluster.removeByName(CONFIG);
        Path stateDir = dir.resolve("state");
        try (NetnsCluster cluster = NetnsCluster.start(TestSupport.spec(dir, false), 3, CONFIG, stateDir)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(cluster.awaitReady(i, READY), cluster.logTail(i, 20));
            }
            List<String> a = cluster.addresses();
            assertEquals(List.of("10.41.0.2:8090", "10.41.0.3:8090", "10.41.0.4:8090"), a);
            assertEquals("10.41.0.3:8090 " + String.join(",", a) + " 1", TestSupport.get(a.get(1), "/env"));
            assertEquals("ok", TestSupport.get(a.get(0), "/probe?to=" + a.get(1)));

            // two-way partition {0} | {1, 2}: neither side reaches the other; the host reaches both
            cluster.partition(Set.of(0), Set.of(1, 2), false);
            assertEquals("fail", TestSupport.get(a.get(0), "/probe?to=" + a.get(1)));
            assertEquals("fail", TestSupport.get(a.get(2), "/probe?to=" + a.get(0)));
            assertEquals("ok", TestSupport.get(a.get(1), "/probe?to=" + a.get(2)));
            assertTrue(cluster.status().contains("10.41.0.3"), cluster.status());
            cluster.heal();
            assertEquals("ok", TestSupport.get(a.get(0), "/probe?to=" + a.get(1)));

            // one-way {0} -> {1}: 0 cannot open connections to 1, 1 still reaches 0
            cluster.partition(Set.of(0), Set.of(1), true);
            assertEquals("fail", TestSupport.get(a.get(0), "/probe?to=" + a.get(1)));
            assertEquals("ok", TestSupport.get(a.get(1), "/probe?to=" + a.get(0)));
            assertEquals("ok", TestSupport.get(a.get(0), "/probe?to=" + a.get(2)));
            cluster.heal();

            // cut cable: nobody reaches 2, the host included; heal restores it
            cluster.hang(2);
            assertTrue(TestSupport.get(a.get(2), "/env").startsWith("ERROR"));
            assertEquals("fail", TestSupport.get(a.get(0), "/probe?to=" + a.get(2)));
            cluster.heal();
            assertEquals("ok", TestSupport.get(a.get(0), "/probe?to=" + a.get(2)));

            // kill, join (VIEW = live + itself), restart at the same address
            cluster.kill(1);
            assertFalse(cluster.isRunning(1));
            int joined = cluster.join();
            assertTrue(cluster.awaitReady(joined, READY), cluster.logTail(joined, 20));
            assertEquals("10.41.0.5:8090 10.41.0.2:8090,10.41.0.4:8090,10.41.0.5:8090 3",
                    TestSupport.get("10.41.0.5:8090", "/env"));
            cluster.start(1);
            assertTrue(cluster.awaitReady(1, READY), cluster.logTail(1, 20));
        }
        String links = Commands.run(List.of("ip", "-o", "link", "show")).output();
        assertFalse(links.contains("kvt41") || links.contains("kt41-"), links);
        String namespaces = Commands.run(List.of("ip", "netns", "list")).output();
        assertFalse(namespaces.contains("kt41-"), namespaces);
    }
}
