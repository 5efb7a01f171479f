package kvs.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A peer's answer is read up to a limit: a longer one fails the call instead of filling the heap. */
class BoundedBodyTest {
    private static final int LIMIT = 1 << 20;
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/small", exchange -> answer(exchange, 1000, false));
        server.createContext("/declared", exchange -> answer(exchange, 8 * LIMIT, false));
        server.createContext("/chunked", exchange -> answer(exchange, 8 * LIMIT, true));
        server.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int bytes, boolean chunked) throws IOException {
        exchange.sendResponseHeaders(200, chunked ? 0 : bytes);
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] block = new byte[64 << 10];
            for (int sent = 0; sent < bytes; sent += block.length) out.write(block, 0, Math.min(block.length, bytes - sent));
        } catch (IOException closedByTheClient) {
            // the client stopped reading: what the limit is for
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private byte[] fetch(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return client.sendAsync(HttpRequest.newBuilder(uri).build(), BoundedBody.handler(LIMIT)).get(30, TimeUnit.SECONDS).body();
    }

    @Test
    void anAnswerWithinTheLimitIsReadWhole() throws Exception {
        assertArrayEquals(new byte[1000], fetch("/small"));
    }

    @Test
    void anAnswerThatDeclaresMoreThanTheLimitFails() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> fetch("/declared"));
        assertTrue(e.getCause().getMessage().contains("declares " + 8 * LIMIT + " bytes"), e.getCause().getMessage());
    }

    @Test
    void aChunkedAnswerLongerThanTheLimitFails() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> fetch("/chunked"));
        assertTrue(e.getCause().getMessage().contains("is longer"), e.getCause().getMessage());
    }
}
