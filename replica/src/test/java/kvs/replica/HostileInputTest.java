package kvs.replica;

import static kvs.replica.Http.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import kvs.core.Limits;
import kvs.core.replica.ReplicaConfig;

/**
 * What a hostile or careless client can send over HTTP, against real replicas on loopback: values
 * and keys that are not valid Unicode, numbers that a double cannot hold, trailing garbage, bodies
 * larger than allowed (declared or chunked), and slow clients. Every case gets a clear 4xx (or 503
 * when the server protects itself) with a JSON error body, and the replica keeps serving.
 */
class HostileInputTest {
    static LocalCluster cluster;
    static String a, b;
    static int keys;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(2);
        a = cluster.at(0);
        b = cluster.at(1);
        await().atMost(Duration.ofSeconds(3)).until(() -> Http.view(a).size() == 2 && Http.view(b).size() == 2);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static String freshKey() {
        return "hostile" + (++keys);
    }

    @Test
    void aValueOrFieldNameWithALoneSurrogateIs400AndChangesNothing() {
        String key = freshKey();
        for (String body : List.of("{\"value\":\"\\ud800\"}", "{\"value\":\"x\\udc00y\"}", "{\"value\":{\"\\ud800\":1}}",
                "{\"value\":[\"ok\",\"\\udbff\"]}")) {
            Http.Response r = send("PUT", a, "/kvs/" + key, body);
            assertEquals(400, r.status(), body + " -> " + r.body());
            assertTrue(r.json().get("error").asText().contains("Unicode"), body + " -> " + r.body());
        }
        assertEquals(404, send("GET", a, "/kvs/" + key, null).status(), "nothing was written");
        Http.Response pair = send("PUT", a, "/kvs/" + key, "{\"value\":\"\\ud83d\\ude00\"}");
        assertEquals(201, pair.status(), "a surrogate pair is a valid character");
        await().atMost(Duration.ofSeconds(2)).until(() -> send("GET", b, "/kvs/" + key, null).status() == 200);
        assertEquals("\uD83D\uDE00", send("GET", b, "/kvs/" + key, null).json().get("value").asText());
        assertEquals(200, send("GET", a, "/view", null).status());
    }

    @Test
    void invalidUtf8InAKeyIs400AndValidUtf8IsAKey() {
        for (String bad : List.of("%FF", "%80", "%C3", "ab%C3", "%ED%A0%80", "%F4%90%80%80", "%G1", "%4")) {
            Http.Response r = sendRaw(a, "PUT /kvs/" + bad + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 11\r\nConnection: close\r\n\r\n{\"value\":1}");
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertTrue(r.json().get("error").isTextual(), bad + " -> " + r.body());
        }
        Http.Response accented = send("PUT", a, "/kvs/caf%C3%A9-" + freshKey(), "{\"value\":1}");
        assertEquals(201, accented.status(), accented.body());
    }

    @Test
    void malformedHttpGets400WithAJsonErrorBody() {
        for (String request : List.of("GARBAGE\r\n\r\n", "GET /view HTTP/1.1\r\nNo colon here\r\n\r\n",
                "GET /kvs/a b c HTTP/1.1\r\nHost: x\r\n\r\n", "GET /view HTTP/9\r\n\r\n",
                "PUT /kvs/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")) {
            Http.Response r = sendRaw(a, request);
            assertEquals(400, r.status(), request + " -> " + r.body());
            assertTrue(r.body().contains("{\"error\":"), request + " -> " + r.body());
        }
        assertEquals(200, send("GET", a, "/view", null).status());
    }

    @Test
    void numbersComeBackExactlyAsSentFromEveryReplica() {
        for (String value : List.of("1e400", "0.1000000000000000000001", "-1E-400", "123456789012345678901234567890",
                "[1e400,{\"x\":2.50,\"y\":-0.0}]")) {
            String key = freshKey();
            assertEquals(201, send("PUT", a, "/kvs/" + key, "{\"value\": " + value + " }").status(), value);
            assertTrue(send("GET", a, "/kvs/" + key, null).body().contains("\"value\":" + value + ","), value);
            await().atMost(Duration.ofSeconds(2)).until(() -> send("GET", b, "/kvs/" + key, null).status() == 200);
            String atB = send("GET", b, "/kvs/" + key, null).body();
            assertTrue(atB.contains("\"value\":" + value + ","), value + " at the other replica: " + atB);
        }
    }

    @Test
    void trailingDataAfterTheBodyIs400AndWritesNothing() {
        String key = freshKey();
        for (String body : List.of("{\"value\":1} xyz", "{\"value\":1}{}", "{\"value\":1}]", "{\"value\":1} 2")) {
            Http.Response r = send("PUT", a, "/kvs/" + key, body);
            assertEquals(400, r.status(), body + " -> " + r.body());
            assertTrue(r.json().get("error").isTextual(), r.body());
        }
        assertEquals(404, send("GET", a, "/kvs/" + key, null).status());
        assertEquals(201, send("PUT", a, "/kvs/" + key, "{\"value\":1}  \n").status(), "whitespace after the body is fine");
    }

    @Test
    void aDeclaredLengthOverTheLimitGets413AtOnceWithoutWaitingForTheBody() {
        long start = System.nanoTime();
        Http.Response r = sendRaw(a, "PUT /kvs/big HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 268435456\r\n\r\n{\"value\":\"");
        assertEquals(413, r.status(), r.body());
        assertTrue(r.json().get("error").isTextual(), r.body());
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "answered before any body arrived");
    }

    @Test
    void aChunkedBodyOverTheLimitGets413AndNotAReset() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", Addresses.port(a)), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /kvs/endless HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 256 && !stop.get(); i++) out.write(chunk); // up to 16 MiB, endless to the server
                } catch (IOException e) {
                    // the server closed the connection after its answer
                }
            });
            writer.start();
            String answer = readAnswer(socket.getInputStream());
            stop.set(true);
            writer.join(5_000);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("{\"error\":"), "[" + answer + "]");
        }
        assertEquals(200, send("GET", a, "/view", null).status());
    }

    @Test
    void bodiesInFlightShareOneBudgetAndPastItTheServerSays503() throws Exception {
        String address = "127.0.0.1:" + LocalCluster.freePort();
        Limits limits = Limits.defaults().withBodiesInFlightBytesMax(Limits.defaults().peerBodyBytesMax());
        try (ReplicaServer server = ReplicaServer.start(
                new ReplicaConfig(address, List.of(address), 1, limits, java.util.Set.of()), java.util.Optional.empty())) {
            List<Socket> sockets = new ArrayList<>();
            try {
                int declared = limits.clientBodyBytesMax() - 1;
                byte[] almostAll = ("{\"value\":\"" + "y".repeat(declared - 100)).getBytes(StandardCharsets.US_ASCII);
                int refused = 0;
                for (int i = 0; i < 24; i++) { // 24 bodies of almost 1 MiB held open: more than the 16 MiB budget
                    Socket socket = new Socket("127.0.0.1", Addresses.port(address));
                    sockets.add(socket);
                    socket.setSoTimeout(300);
                    socket.getOutputStream().write(("PUT /kvs/held" + i + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(almostAll);
                    socket.getOutputStream().flush();
                    try {
                        String answer = readAnswer(socket.getInputStream());
                        if (answer.startsWith("HTTP/1.1 503")) refused++;
                    } catch (SocketTimeoutException e) {
                        // still holding its body in flight
                    }
                }
                assertTrue(refused >= 24 - 16, "refused " + refused + " of 24 held bodies");
                assertEquals(200, send("GET", address, "/view", null).status(), "still serving");
            } finally {
                for (Socket socket : sockets) socket.close();
            }
            // the budget comes back once those requests are gone
            await().atMost(Duration.ofSeconds(3)).until(() -> send("PUT", address, "/kvs/after", "{\"value\":\""
                    + "z".repeat(1000) + "\"}").status() == 201);
        }
    }

    @Test
    void slowClientsAreDisconnectedSoTheyCannotHoldConnections() throws Exception {
        String address = "127.0.0.1:" + LocalCluster.freePort();
        Limits limits = Limits.defaults().withConnectionTimeouts(500, 500, 1_500);
        try (ReplicaServer server = ReplicaServer.start(
                new ReplicaConfig(address, List.of(address), 1, limits, java.util.Set.of()), java.util.Optional.empty())) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    Socket socket = new Socket("127.0.0.1", Addresses.port(address));
                    slow.add(socket);
                    String start = switch (i % 3) {
                        case 0 -> "PUT /kvs/slow HTTP/1.1\r\nHost: x\r\n"; // headers never finish
                        case 1 -> "PUT /kvs/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"value\":"; // body never finishes
                        default -> ""; // connects and says nothing
                    };
                    socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                }
                assertEquals(200, send("GET", address, "/view", null).status(), "serving while 500 slow clients hang on");
                long deadline = System.nanoTime() + 8_000_000_000L;
                int closed = 0;
                for (Socket socket : slow) {
                    socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    try {
                        InputStream in = socket.getInputStream();
                        while (in.read() >= 0) { } // a 408 answer may come first
                        closed++;
                    } catch (SocketTimeoutException e) {
                        // still open at the deadline
                    } catch (IOException e) {
                        closed++; // reset by the server
                    }
                }
                assertEquals(500, closed, "slow connections closed by the server within the timeouts");
            } finally {
                for (Socket socket : slow) socket.close();
            }
        }
    }

    // ------------------------------------------------------------------ raw HTTP

    /** Sends raw request bytes on a fresh connection and parses the answer. */
    static Http.Response sendRaw(String address, String request) {
        try (Socket socket = new Socket("127.0.0.1", Addresses.port(address))) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = readAnswer(socket.getInputStream());
            int status = Integer.parseInt(answer.substring(9, 12));
            int bodyAt = answer.indexOf("\r\n\r\n");
            return new Http.Response(status, bodyAt < 0 ? "" : answer.substring(bodyAt + 4), null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads one answer: the head, then the body by its Content-Length. */
    static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
