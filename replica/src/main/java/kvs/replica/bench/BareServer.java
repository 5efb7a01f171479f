package kvs.replica.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;

/**
 * The benchmark's baseline: a bare Undertow server that answers every request with one fixed JSON
 * body, with the replica's thread settings (2 IO threads). Whatever the replica does on top of
 * this (parsing, the state machine, replication) shows up as the ratio between the two in one run.
 *
 * <p>{@code java -cp replica/target/kvs-replica.jar kvs.replica.bench.BareServer PORT}
 */
public final class BareServer {
    /** Shaped like a replica's answer to a GET, so that both send about the same bytes. */
    static final String BODY_TEXT =
            "{\"result\":\"found\",\"value\":\"bare\",\"causal-metadata\":{\"127.0.0.1:9091#0\":1}}";

    private static final int IO_THREADS = 2;

    private BareServer() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp kvs-replica.jar kvs.replica.bench.BareServer PORT");
            System.exit(64);
        }
        int port = parsePort(args[0]);
        Undertow server = start(port);
        System.err.println("bare-server: listening on 0.0.0.0:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "bare-server-shutdown"));
    }

    /** Starts the server on {@code port} (0.0.0.0); the caller stops it. */
    public static Undertow start(int port) {
        ByteBuffer body = ByteBuffer.wrap(BODY_TEXT.getBytes(StandardCharsets.UTF_8));
        HttpHandler handler = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(body.duplicate());
        };
        Undertow server = Undertow.builder()
                .addHttpListener(port, "0.0.0.0")
                .setIoThreads(IO_THREADS)
                .setWorkerThreads(IO_THREADS)
                .setHandler(handler)
                .build();
        server.start();
        return server;
    }

    static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("bare-server: PORT must be an integer in 1..65535, got '" + text + "'");
        System.exit(64);
        throw new AssertionError("unreachable");
    }
}
