package kvs.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server on loopback for the protocol corners a real replica rarely shows on
 * demand (a 503 for exactly two attempts, a garbled body, a hang). Each request is handed to the
 * test's handler, which answers it; requests are kept for the test to inspect.
 */
public final class FakeReplica implements AutoCloseable {
    /** One request as received. */
    public record Request(String method, String rawPath, String body) {}

    /** The answer to give: status, body, and an optional X-Causal-Metadata header; a negative delay hangs that long. */
    public record Answer(int status, String body, String metadataHeader, long delayMillis) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, "", 0);
        }
    }

    /** Decides the answer to a request; {@code n} counts requests from 0. */
    public interface Handler {
        Answer answer(Request request, int n);
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();

    public FakeReplica(Handler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> handle(exchange, handler));
        server.start();
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body);
        int n;
        synchronized (requests) {
            n = requests.size();
            requests.add(request);
        }
        Answer answer = handler.answer(request, n);
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (!answer.metadataHeader().isEmpty()) exchange.getResponseHeaders().add("X-Causal-Metadata", answer.metadataHeader());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
