package kvs.replica;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small test client: real HTTP to real replicas. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        JsonNode metadata() {
            return json().get("causal-metadata");
        }

        String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }
    }

    static Response send(String method, String address, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofSeconds(5));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String body(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], keyValues[i + 1]);
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Response put(String address, String key, Object value, JsonNode metadata) {
        return send("PUT", address, "/kvs/" + key, body("value", value, "causal-metadata", metadata));
    }

    /** A client that follows the rules: on 503 it waits a little and tries again, for up to 3 s. */
    static Response putRetrying(String address, String key, Object value, JsonNode metadata) {
        return retrying(() -> put(address, key, value, metadata));
    }

    static Response retrying(java.util.function.Supplier<Response> request) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (true) {
            Response r = request.get();
            if (r.status() != 503 || System.nanoTime() > deadline) return r;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }

    static Response get(String address, String key, JsonNode metadata) {
        return send("GET", address, "/kvs/" + key, body("causal-metadata", metadata));
    }

    static Response delete(String address, String key, JsonNode metadata) {
        return send("DELETE", address, "/kvs/" + key, body("causal-metadata", metadata));
    }

    static java.util.List<String> view(String address) {
        java.util.List<String> out = new java.util.ArrayList<>();
        send("GET", address, "/view", null).json().get("view").forEach(n -> out.add(n.asText()));
        return out;
    }

    private Http() {}
}
