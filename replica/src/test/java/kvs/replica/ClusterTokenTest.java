package kvs.replica;

import static kvs.replica.Http.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import kvs.core.replica.Message;
import kvs.core.replica.ReplicaConfig;
import kvs.core.wire.Signature;

/**
 * {@code CLUSTER_TOKEN}: the token never crosses the wire; internal requests and their answers,
 * and view changes, are signed with an HMAC; unsigned, forged, replayed and stale requests get 401;
 * the client API stays open.
 */
class ClusterTokenTest {
    static final String TOKEN = "s3cret-cluster-token";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static ReplicaServer guarded(String address, List<String> view) {
        return ReplicaServer.start(ReplicaConfig.of(address, view, 1), Optional.of(TOKEN));
    }

    @Test
    void theTokenNeverCrossesTheWireAndEveryPeerRequestIsSigned() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            String fake = "127.0.0.1:" + listener.getLocalPort();
            String address = "127.0.0.1:" + LocalCluster.freePort();
            AtomicReference<String> captured = new AtomicReference<>("");
            Thread reader = new Thread(() -> {
                try (Socket peer = listener.accept()) {
                    peer.setSoTimeout(3_000);
                    InputStream in = peer.getInputStream();
                    byte[] buffer = new byte[65536];
                    StringBuilder text = new StringBuilder();
                    long deadline = System.nanoTime() + 2_000_000_000L;
                    while (System.nanoTime() < deadline && !text.toString().contains("socket-address")) {
                        int n = in.read(buffer);
                        if (n < 0) break;
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                    captured.set(text.toString());
                } catch (IOException e) {
                    captured.set("failed: " + e);
                }
            });
            reader.start();
            try (ReplicaServer replica = guarded(address, List.of(address, fake))) {
                reader.join(5_000);
            }
            String request = captured.get();
            assertTrue(request.contains("/view") || request.contains("/internal/"), request);
            assertFalse(request.contains(TOKEN), "the token itself was sent: " + request);
            assertTrue(request.toLowerCase(java.util.Locale.ROOT).contains("x-kvs-signature:"), request);
            assertTrue(request.toLowerCase(java.util.Locale.ROOT).contains("x-kvs-nonce:"), request);
        }
    }

    @Test
    void unsignedForgedReplayedAndStaleRequestsGet401AndTheClientApiStaysOpen() throws Exception {
        String address = "127.0.0.1:" + LocalCluster.freePort();
        try (ReplicaServer replica = guarded(address, List.of(address))) {
            String ping = new String(Json.encode(new Message.Ping(new kvs.core.replica.LinkStamp(0, 0, 0, 0))),
                    StandardCharsets.UTF_8);
            assertEquals(401, send("POST", address, ReplicaServer.INTERNAL_PATH, ping).status(), "unsigned peer message");
            String stranger = "{\"socket-address\":\"127.0.0.1:1\"}";
            assertEquals(401, send("PUT", address, "/view", stranger).status(), "unsigned view change");
            assertEquals(401, send("DELETE", address, "/view", stranger).status(), "unsigned view removal");
            assertEquals(List.of(address), Http.view(address), "the view is unchanged");
            assertEquals(201, Http.put(address, "open", 1, null).status(), "the client API needs no token");

            Signature signature = new Signature(TOKEN);
            long now = System.currentTimeMillis();
            String nonce = "0123456789abcdef0123456789abcdef";
            String from = "127.0.0.1:9";
            HttpResponse<String> signed = post(address, ping, from, now, nonce,
                    signature.request("POST", ReplicaServer.INTERNAL_PATH, from, now, nonce, ping.getBytes(StandardCharsets.UTF_8)));
            assertEquals(200, signed.statusCode(), signed.body());
            // the answer is signed for this request's nonce
            String answerTime = signed.headers().firstValue(Signature.TIME_HEADER).orElseThrow();
            String answerNonce = signed.headers().firstValue(Signature.NONCE_HEADER).orElseThrow();
            assertEquals(signature.answer(200, nonce, Long.parseLong(answerTime), answerNonce,
                    signed.body().getBytes(StandardCharsets.UTF_8)), signed.headers().firstValue(Signature.SIGNATURE_HEADER).orElseThrow());

            HttpResponse<String> replayed = post(address, ping, from, now, nonce,
                    signature.request("POST", ReplicaServer.INTERNAL_PATH, from, now, nonce, ping.getBytes(StandardCharsets.UTF_8)));
            assertEquals(401, replayed.statusCode(), "replay: " + replayed.body());
            assertTrue(replayed.body().contains("Replayed"), replayed.body());

            long stale = now - 60_000;
            String nonce2 = "1123456789abcdef0123456789abcdef";
            HttpResponse<String> old = post(address, ping, from, stale, nonce2,
                    signature.request("POST", ReplicaServer.INTERNAL_PATH, from, stale, nonce2, ping.getBytes(StandardCharsets.UTF_8)));
            assertEquals(401, old.statusCode(), "stale: " + old.body());

            String nonce3 = "2123456789abcdef0123456789abcdef";
            HttpResponse<String> forged = post(address, ping, from, now, nonce3,
                    new Signature("another-token").request("POST", ReplicaServer.INTERNAL_PATH, from, now, nonce3,
                            ping.getBytes(StandardCharsets.UTF_8)));
            assertEquals(401, forged.statusCode(), "wrong token: " + forged.body());

            String nonce4 = "3123456789abcdef0123456789abcdef";
            HttpResponse<String> otherBody = post(address, ping, from, now, nonce4,
                    signature.request("POST", ReplicaServer.INTERNAL_PATH, from, now, nonce4, "{}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(401, otherBody.statusCode(), "signature over another body: " + otherBody.body());

            // a view change signed like kvs-cli signs one is accepted
            String nonce5 = "4123456789abcdef0123456789abcdef";
            HttpRequest viewPut = HttpRequest.newBuilder(URI.create("http://" + address + "/view"))
                    .header(Signature.FROM_HEADER, "kvs-cli")
                    .header(Signature.TIME_HEADER, Long.toString(now))
                    .header(Signature.NONCE_HEADER, nonce5)
                    .header(Signature.SIGNATURE_HEADER, signature.request("PUT", "/view", "kvs-cli", now, nonce5,
                            stranger.getBytes(StandardCharsets.UTF_8)))
                    .PUT(HttpRequest.BodyPublishers.ofString(stranger)).build();
            assertEquals(201, CLIENT.send(viewPut, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void replicasSharingATokenFormAClusterAndReplicate() {
        String first = "127.0.0.1:" + LocalCluster.freePort(), second = "127.0.0.1:" + LocalCluster.freePort();
        List<String> view = List.of(first, second);
        try (ReplicaServer one = guarded(first, view); ReplicaServer two = guarded(second, view)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> Http.view(first).size() == 2 && Http.view(second).size() == 2);
            Http.Response created = Http.put(first, "guarded", "v", null);
            await().atMost(Duration.ofSeconds(3)).until(() -> Http.get(second, "guarded", created.metadata()).status() == 200);
            assertEquals(2, Http.view(first).size(), "nobody was taken for down");
        }
    }

    @Test
    void aReplicaWithAnotherTokenIsNotTakenIn() {
        String first = "127.0.0.1:" + LocalCluster.freePort(), second = "127.0.0.1:" + LocalCluster.freePort();
        List<String> view = List.of(first, second);
        try (ReplicaServer one = guarded(first, view);
             ReplicaServer two = ReplicaServer.start(ReplicaConfig.of(second, view, 1), Optional.of("not-the-token"))) {
            // within the join grace (Limits.joinGraceMillis) a peer that never answered stays; then it goes
            await().atMost(Duration.ofSeconds(15)).until(() -> Http.view(first).size() == 1);
            Http.Response created = Http.put(second, "outsider", "v", null);
            assertEquals(201, created.status());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> Http.get(first, "outsider", null).status() == 404);
        }
    }

    private static HttpResponse<String> post(String address, String body, String from, long time, String nonce, String signature)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + ReplicaServer.INTERNAL_PATH))
                .header(Signature.FROM_HEADER, from)
                .header(Signature.TIME_HEADER, Long.toString(time))
                .header(Signature.NONCE_HEADER, nonce)
                .header(Signature.SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
