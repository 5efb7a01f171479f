package kvs.replica;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -XX:ArchiveClassesAtExit=F -jar kvs-replica.jar --cds-training}: starts a replica on a
 * free loopback port, serves a few requests of every kind, and exits, so that the JVM archives the
 * classes a replica loads. {@code scripts/replica} does this once per build and starts replicas
 * with that archive: they then boot to serving in about half the time.
 */
final class CdsTraining {
    private CdsTraining() {}

    static void run() {
        String self;
        try (ServerSocket socket = new ServerSocket(0)) {
            self = "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ReplicaServer server = ReplicaServer.start(self, List.of(self))) {
            String metadata = "null";
            for (int i = 0; i < 50; i++) {
                String put = send(client, "PUT", self, "/kvs/k" + (i % 5), "{\"value\":{\"n\":" + i + "},\"causal-metadata\":" + metadata + "}");
                int at = put.indexOf("\"causal-metadata\":");
                if (at >= 0) metadata = put.substring(at + "\"causal-metadata\":".length(), put.length() - 1);
                send(client, "GET", self, "/kvs/k" + (i % 5), "{\"causal-metadata\":" + metadata + "}");
            }
            send(client, "DELETE", self, "/kvs/k0", "{\"causal-metadata\":" + metadata + "}");
            send(client, "GET", self, "/view", "");
            send(client, "GET", self, "/nowhere", "");
            System.out.println("cds training: served on " + server.address());
        } catch (IOException e) {
            System.err.println("cds training failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String send(HttpClient client, String method, String address, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
