package kvs.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import kvs.cli.Json;
import kvs.core.Check;

/**
 * The HTTP side of the client: one request to one replica, classified into an {@link HttpOutcome}.
 * Thread-safe; a workload shares one instance between its sessions (and so its connections).
 *
 * <p>HTTP/1.1 over a plain socket ({@link HttpConnection}), not {@code java.net.http}: that client
 * starts a selector thread and loads about a thousand classes, a third of a second that a
 * one-shot {@code kvs-cli get} would spend before its first byte. GET and DELETE carry a JSON body,
 * as the course's API wants. Connections are kept alive and reused ({@link ConnectionPool}), so a
 * workload does not open one per operation.
 *
 * <p>What may be retried: a refused or timed-out connect sent nothing ({@link HttpOutcome.NotSent}).
 * A kept-alive connection that the server closed before answering is retried once on a new
 * connection for a GET (reading twice has no effect); for a PUT or DELETE the request may have been
 * read, so the outcome is {@link HttpOutcome.NoAnswer}.
 */
public final class ReplicaClient implements AutoCloseable {
    /** Largest answer body read from a replica; a longer one is a bad response, not a memory spike. */
    public static final int RESPONSE_BYTES_MAX = 64 << 20;
    private static final int ERROR_TEXT_CHARS_MAX = 200;

    private final int connectTimeoutMillis;
    private final long requestTimeoutMillis;
    private final ConnectionPool pool = new ConnectionPool();

    public ReplicaClient(Duration connectTimeout, Duration requestTimeout) {
        Check.argument(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connect timeout must be positive");
        Check.argument(!requestTimeout.isNegative() && !requestTimeout.isZero(), "request timeout must be positive");
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        this.requestTimeoutMillis = Math.max(1, requestTimeout.toMillis());
    }

    /** The path of a key: {@code /kvs/} and the key percent-encoded (a slash becomes {@code %2F}). */
    public static String keyPath(String key) {
        return "/kvs/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends {@code method path} with {@code body} (JSON text) to {@code replica}.
     *
     * @param body JSON text, or empty for no body
     */
    public HttpOutcome send(ReplicaAddress replica, String method, String path, Optional<String> body) {
        return send(replica, method, path, body, java.util.Map.of());
    }

    /** {@link #send(ReplicaAddress, String, String, Optional)} with extra request headers (a signature). */
    public HttpOutcome send(ReplicaAddress replica, String method, String path, Optional<String> body,
            java.util.Map<String, String> headers) {
        byte[] request = HttpConnection.request(method, path, replica.toString(), body, headers);
        Optional<HttpConnection> idle = pool.take(replica);
        if (idle.isPresent()) {
            Exchange reused = exchange(replica, idle.get(), request);
            if (!(reused.outcome() instanceof HttpOutcome.NoAnswer) || !reused.closedBeforeAnswer()) return reused.outcome();
            if (!method.equals("GET")) return reused.outcome();
            // The server had closed the idle connection: a read is sent again on a fresh one.
        }
        HttpConnection fresh;
        try {
            fresh = HttpConnection.open(new InetSocketAddress(replica.host(), replica.port()), connectTimeoutMillis);
        } catch (IOException e) {
            return notSent(replica, e);
        }
        return exchange(replica, fresh, request).outcome();
    }

    /** What one request on one connection gave, and whether it failed because the connection was already closed. */
    private record Exchange(HttpOutcome outcome, boolean closedBeforeAnswer) {}

    private Exchange exchange(ReplicaAddress replica, HttpConnection connection, byte[] request) {
        HttpConnection.Response response;
        try {
            response = connection.exchange(request, requestTimeoutMillis, RESPONSE_BYTES_MAX);
        } catch (HttpConnection.BodyTooLargeException e) {
            connection.close();
            return new Exchange(new HttpOutcome.Answered(e.status(), Optional.empty(),
                    "(body longer than " + RESPONSE_BYTES_MAX + " bytes)", Optional.empty(), e.contentType()), false);
        } catch (SocketTimeoutException e) {
            connection.close();
            return new Exchange(new HttpOutcome.NoAnswer("no answer from " + replica + " within the request timeout"), false);
        } catch (IOException e) {
            boolean closedEarly = !connection.answerStarted();
            connection.close();
            String what = e instanceof EOFException && closedEarly ? "closed the connection without answering"
                    : "lost: " + describe(e);
            return new Exchange(new HttpOutcome.NoAnswer("connection to " + replica + " " + what), closedEarly);
        }
        if (response.keepAlive()) pool.give(replica, connection);
        else connection.close();
        return new Exchange(answered(response), false);
    }

    private static HttpOutcome.Answered answered(HttpConnection.Response response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        Optional<JsonNode> body = Json.parse(text);
        Optional<JsonNode> header = response.header("x-causal-metadata").flatMap(Json::parse);
        String shown = text.length() > ERROR_TEXT_CHARS_MAX ? text.substring(0, ERROR_TEXT_CHARS_MAX) + "..." : text;
        return new HttpOutcome.Answered(response.status(), body, shown.strip(), header,
                response.header("content-type").orElse(""));
    }

    /** Refused, unresolvable or not connected in time: nothing was sent. */
    static HttpOutcome notSent(ReplicaAddress replica, IOException error) {
        if (error instanceof SocketTimeoutException) {
            return new HttpOutcome.NotSent("no connection to " + replica + " within the connect timeout");
        }
        if (error instanceof UnknownHostException) {
            return new HttpOutcome.NotSent("unknown host in " + replica);
        }
        if (error instanceof NoRouteToHostException) {
            return new HttpOutcome.NotSent("no route to " + replica);
        }
        if (error instanceof ConnectException) {
            return new HttpOutcome.NotSent("connection to " + replica + " refused");
        }
        return new HttpOutcome.NotSent("no connection to " + replica + ": " + describe(error));
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Closes the idle connections; the client stays usable (it opens new ones). */
    @Override
    public void close() {
        pool.closeAll();
    }
}
