package kvs.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The socket HTTP client against a server scripted byte by byte: framings, reuse, closes, bounds. */
class ReplicaClientTest {
    /** Answers each request on a connection with the bytes {@code answer} gives; closes when it gives null. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new ArrayList<>();

        RawServer(Function<Integer, String> answer) throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread t = new Thread(() -> serve(s, answer));
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private void serve(Socket s, Function<Integer, String> answer) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = head(in);
                    if (head == null) return;
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                    }
                    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    int n;
                    synchronized (requests) {
                        requests.add(head.substring(0, head.indexOf("\r\n")) + " " + body);
                        n = requests.size() - 1;
                    }
                    String reply = answer.apply(n);
                    if (reply == null) return;
                    boolean closeAfter = reply.endsWith(CLOSE_AFTER);
                    if (closeAfter) reply = reply.substring(0, reply.length() - CLOSE_AFTER.length());
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (closeAfter) return;
                    if (reply.contains("Connection: close") || reply.startsWith("HTTP/1.0")) return;
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                bytes.write(b);
                String s = bytes.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) return s;
            }
            return null;
        }

        ReplicaAddress address() {
            return new ReplicaAddress("127.0.0.1", socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Appended to an answer: the server closes the connection right after writing it. */
    private static final String CLOSE_AFTER = "\u0000close";

    private static ReplicaClient client() {
        return new ReplicaClient(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void answersAreReadByLengthChunkedOrToTheEndAndCarryTheirContentType() throws Exception {
        String[] replies = {
            ok("{\"a\":1}"),
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n4\r\n{\"b\"\r\n3;x=y\r\n:2}\r\n0\r\n\r\n",
            "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such thing",
        };
        try (RawServer server = new RawServer(n -> replies[n]); ReplicaClient client = client()) {
            HttpOutcome.Answered a = (HttpOutcome.Answered) client.send(server.address(), "GET", "/kvs/x", Optional.of("{}"));
            assertEquals("{\"a\":1}", a.rawBody());
            assertEquals("application/json", a.contentType());
            HttpOutcome.Answered b = (HttpOutcome.Answered) client.send(server.address(), "GET", "/kvs/x", Optional.empty());
            assertEquals(2, b.body().orElseThrow().get("b").asInt());
            assertEquals(1, server.connections.get(), "the connection was kept alive and reused");
            HttpOutcome.Answered c = (HttpOutcome.Answered) client.send(server.address(), "DELETE", "/kvs/x", Optional.of("{}"));
            assertEquals(404, c.status());
            assertEquals("no such thing", c.rawBody());
            assertEquals("text/plain", c.contentType());
            assertEquals("GET /kvs/x HTTP/1.1 {}", server.requests.get(0), "a GET carries its body");
            assertEquals("DELETE /kvs/x HTTP/1.1 {}", server.requests.get(2));
        }
    }

    @Test
    void anIdleConnectionTheServerClosedIsNotUsedAgainSoEvenAPutGoesThrough() throws Exception {
        // The server answers, then closes the connection while it is idle in the client's pool.
        try (RawServer server = new RawServer(n -> ok("{\"n\":" + n + "}") + CLOSE_AFTER); ReplicaClient client = client()) {
            assertInstanceOf(HttpOutcome.Answered.class, client.send(server.address(), "PUT", "/kvs/x", Optional.of("{\"value\":1}")));
            Thread.sleep(100);
            HttpOutcome second = client.send(server.address(), "PUT", "/kvs/x", Optional.of("{\"value\":2}"));
            assertInstanceOf(HttpOutcome.Answered.class, second, "sent on a new connection, not the closed one");
            assertEquals(2, server.connections.get());
            assertEquals(2, server.requests.size(), "each put sent once");
        }
    }

    @Test
    void aKeptConnectionClosedWithoutAnAnswerRetriesAGetButNotAPut() throws Exception {
        // Every second request is read and then the connection is closed without an answer.
        try (RawServer server = new RawServer(n -> n % 2 == 1 ? null : ok("{\"n\":" + n + "}")); ReplicaClient client = client()) {
            assertInstanceOf(HttpOutcome.Answered.class, client.send(server.address(), "GET", "/kvs/x", Optional.of("{}")));
            HttpOutcome get = client.send(server.address(), "GET", "/kvs/x", Optional.of("{}"));
            assertInstanceOf(HttpOutcome.Answered.class, get, "a read is sent again on a new connection");
            assertEquals(3, server.requests.size());
            HttpOutcome put = client.send(server.address(), "PUT", "/kvs/x", Optional.of("{\"value\":1}"));
            assertInstanceOf(HttpOutcome.NoAnswer.class, put, "a write may have been applied: its outcome is unknown");
            assertTrue(((HttpOutcome.NoAnswer) put).reason().contains("closed the connection without answering"), put.toString());
            assertEquals(4, server.requests.size(), "and it is not sent twice");
        }
    }

    @Test
    void aRefusedConnectionWasNotSentAndAHangIsNoAnswerWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ReplicaClient client = client()) {
            HttpOutcome refused = client.send(new ReplicaAddress("127.0.0.1", port), "GET", "/view", Optional.empty());
            assertInstanceOf(HttpOutcome.NotSent.class, refused);
            assertTrue(((HttpOutcome.NotSent) refused).reason().contains("refused"));
        }
        try (RawServer server = new RawServer(n -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }); ReplicaClient client = new ReplicaClient(Duration.ofSeconds(1), Duration.ofMillis(300))) {
            long start = System.nanoTime();
            HttpOutcome hang = client.send(server.address(), "GET", "/view", Optional.empty());
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertInstanceOf(HttpOutcome.NoAnswer.class, hang);
            assertTrue(((HttpOutcome.NoAnswer) hang).reason().contains("within the request timeout"), hang.toString());
            assertTrue(tookMillis < 3_000, "took " + tookMillis + " ms");
        }
    }

    @Test
    void aBodyOverTheLimitOrAGarbledAnswerIsNotTakenForAnAnswer() throws Exception {
        try (RawServer server = new RawServer(n -> n == 0
                ? "HTTP/1.1 200 OK\r\nContent-Length: " + (ReplicaClient.RESPONSE_BYTES_MAX + 1) + "\r\n\r\n"
                : "SSH-2.0-OpenSSH\r\n\r\n"); ReplicaClient client = client()) {
            HttpOutcome big = client.send(server.address(), "GET", "/kvs/x", Optional.empty());
            assertTrue(((HttpOutcome.Answered) big).rawBody().startsWith("(body longer than"), big.toString());
            HttpOutcome garbled = client.send(server.address(), "GET", "/kvs/x", Optional.empty());
            assertInstanceOf(HttpOutcome.NoAnswer.class, garbled);
            assertTrue(((HttpOutcome.NoAnswer) garbled).reason().contains("not an HTTP/1.x answer"), garbled.toString());
        }
    }
}
