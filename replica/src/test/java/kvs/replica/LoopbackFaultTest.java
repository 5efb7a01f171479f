package kvs.replica;

import static kvs.replica.Http.get;
import static kvs.replica.Http.put;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** Crashes, restarts, joins and hung peers with real replicas on loopback. */
class LoopbackFaultTest {

    static List<String> sorted(String... addresses) {
        return java.util.Arrays.stream(addresses).sorted().toList();
    }

    @Test
    void threeReplicasStartedTogetherAgreeOnTheViewWithinThreeSeconds() {
        try (LocalCluster cluster = LocalCluster.start(3)) {
            List<String> all = sorted(cluster.at(0), cluster.at(1), cluster.at(2));
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                for (String r : all) assertEquals(all, Http.view(r));
            });
        }
    }

    @Test
    void aCrashedReplicaLeavesEveryViewWithinFiveSeconds() {
        try (LocalCluster cluster = LocalCluster.start(3)) {
            String a = cluster.at(0), b = cluster.at(1), c = cluster.at(2);
            await().atMost(Duration.ofSeconds(3)).until(() -> Http.view(a).size() == 3 && Http.view(b).size() == 3);
            cluster.crash(2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertEquals(sorted(a, b), Http.view(a));
                assertEquals(sorted(a, b), Http.view(b));
            });
            assertTrue(!Http.view(a).contains(c));
        }
    }

    @Test
    void aRestartedReplicaRejoinsAndServesEveryEarlierWriteWithTheClientsLatestMetadata() {
        try (LocalCluster cluster = LocalCluster.start(3)) {
            String a = cluster.at(0), b = cluster.at(1), c = cluster.at(2);
            await().atMost(Duration.ofSeconds(3)).until(() -> Http.view(a).size() == 3);
            JsonNode metadata = null;
            for (int i = 0; i < 20; i++) metadata = Http.putRetrying(i % 2 == 0 ? a : b, "k" + i, i, metadata).metadata();
            JsonNode beforeDelete = metadata;
            metadata = Http.retrying(() -> Http.delete(a, "k0", beforeDelete)).metadata();
            cluster.crash(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> Http.view(a).size() == 2);
            metadata = Http.putRetrying(a, "after-crash", "x", metadata).metadata();
            cluster.restart(2);
            List<String> all = sorted(a, b, c);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                for (String r : all) assertEquals(all, Http.view(r));
            });
            JsonNode latest = metadata;
            await().atMost(Duration.ofSeconds(5)).until(() -> get(c, "after-crash", latest).status() == 200);
            for (int i = 1; i < 20; i++) assertEquals(i, get(c, "k" + i, latest).json().get("value").asInt());
            assertEquals(404, get(c, "k0", latest).status(), "the delete survived the restart");
            JsonNode fromC = put(c, "from-restarted", 1, latest).metadata();
            await().atMost(Duration.ofSeconds(1)).until(() -> get(a, "from-restarted", fromC).status() == 200);
        }
    }

    @Test
    void aNewFourthReplicaJoinsARunningClusterAndServesEverything() {
        try (LocalCluster cluster = LocalCluster.start(3)) {
            String a = cluster.at(0);
            await().atMost(Duration.ofSeconds(3)).until(() -> Http.view(a).size() == 3);
            JsonNode metadata = null;
            for (int i = 0; i < 10; i++) metadata = Http.putRetrying(cluster.at(i % 3), "k" + i, i, metadata).metadata();
            String d = cluster.join();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                for (String r : cluster.addresses) assertEquals(4, Http.view(r).size(), r);
            });
            JsonNode latest = metadata;
            await().atMost(Duration.ofSeconds(5)).until(() -> get(d, "k9", latest).status() == 200);
            for (int i = 0; i < 10; i++) assertEquals(i, get(d, "k" + i, latest).json().get("value").asInt());
            JsonNode fromD = put(d, "from-d", true, latest).metadata();
            await().atMost(Duration.ofSeconds(1)).until(() -> get(a, "from-d", fromD).status() == 200);
        }
    }

    @Test
    void aClientWriteIsAnsweredWithinOneSecondWhenEveryPeerHangs() throws Exception {
        List<ServerSocket> holes = new ArrayList<>();
        List<Socket> accepted = new ArrayList<>();
        try {
            // peers that accept connections and never answer: a cut cable, not a refused connection
            for (int i = 0; i < 2; i++) holes.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            for (ServerSocket hole : holes) {
                Thread acceptor = new Thread(() -> {
                    try {
                        while (true) accepted.add(hole.accept());
                    } catch (IOException closed) {
                        // the test is over
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
            }
            String self = "127.0.0.1:" + LocalCluster.freePort();
            List<String> view = List.of(self, "127.0.0.1:" + holes.get(0).getLocalPort(), "127.0.0.1:" + holes.get(1).getLocalPort());
            try (ReplicaServer replica = ReplicaServer.start(self, view)) {
                assertEquals(self, replica.address());
                for (int i = 0; i < 5; i++) {
                    long start = System.nanoTime();
                    Http.Response r = put(self, "k" + i, i, null);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(201, r.status());
                    assertTrue(millis < 1_000, "write took " + millis + " ms");
                    Thread.sleep(300);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> Http.view(self).size() == 1);
            }
        } finally {
            for (ServerSocket hole : holes) hole.close();
            for (Socket s : accepted) s.close();
        }
    }
}
