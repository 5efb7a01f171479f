package kvs.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import kvs.cli.Json;
import kvs.core.Check;

/**
 * The HTTP side of the client: one request to one replica, classified into an {@link HttpOutcome}.
 * Thread-safe; a workload shares one instance between its sessions (and so its connections).
 *
 * <p>GET and DELETE carry a JSON body, as the course's API wants; {@link HttpClient} sends one
 * with any method. HTTP/1.1 is forced so no request is spent on an h2c upgrade.
 */
public final class ReplicaClient {
    /** Largest answer body read from a replica; a longer one is a bad response, not a memory spike. */
    public static final int RESPONSE_BYTES_MAX = 64 << 20;
    private static final int ERROR_TEXT_CHARS_MAX = 200;

    private final HttpClient http;
    private final Duration requestTimeout;

    public ReplicaClient(Duration connectTimeout, Duration requestTimeout) {
        Check.argument(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connect timeout must be positive");
        Check.argument(!requestTimeout.isNegative() && !requestTimeout.isZero(), "request timeout must be positive");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
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
        URI uri = URI.create("http://" + replica + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (body.isPresent()) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.get(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpOutcome.NoAnswer("interrupted while waiting for " + replica);
        } catch (IOException | UnresolvedAddressException e) {
            return classify(replica, e);
        }
        return read(replica, response);
    }

    private static HttpOutcome read(ReplicaAddress replica, HttpResponse<InputStream> response) {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(RESPONSE_BYTES_MAX + 1);
        } catch (IOException e) {
            return new HttpOutcome.NoAnswer("answer from " + replica + " cut off: " + describe(e));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (bytes.length > RESPONSE_BYTES_MAX) {
            return new HttpOutcome.Answered(response.statusCode(), Optional.empty(),
                    "(body longer than " + RESPONSE_BYTES_MAX + " bytes)", Optional.empty(), contentType);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Optional<JsonNode> body = Json.parse(text);
        Optional<JsonNode> header = response.headers().firstValue("X-Causal-Metadata").flatMap(Json::parse);
        String shown = text.length() > ERROR_TEXT_CHARS_MAX ? text.substring(0, ERROR_TEXT_CHARS_MAX) + "..." : text;
        return new HttpOutcome.Answered(response.statusCode(), body, shown.strip(), header, contentType);
    }

    /** Refused or unconnectable: not sent. Anything else after the connection opened: no answer. */
    static HttpOutcome classify(ReplicaAddress replica, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new HttpOutcome.NotSent("no connection to " + replica + " within the connect timeout");
            }
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException) {
                return new HttpOutcome.NotSent("connection to " + replica + " refused");
            }
        }
        if (error instanceof java.net.http.HttpTimeoutException) {
            return new HttpOutcome.NoAnswer("no answer from " + replica + " within the request timeout");
        }
        return new HttpOutcome.NoAnswer("connection to " + replica + " lost: " + describe(error));
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
