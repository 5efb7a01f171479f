package kvs.replica.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small client of the replica's public API (SPEC §2) for the netns tests, with the client rule of
 * causal sessions built in: {@link Session} sends the latest metadata it received and keeps the
 * newest one from every answer.
 */
final class KvsHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /** One answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {
        String result() {
            return body.path("result").asText("");
        }

        JsonNode value() {
            return body.path("value");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer put(String address, String key, JsonNode value, JsonNode metadata) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("value", value);
        body.set("causal-metadata", metadata);
        return send(address, "PUT", "/kvs/" + key, body.toString());
    }

    Answer get(String address, String key, JsonNode metadata) {
        return send(address, "GET", "/kvs/" + key, metadataBody(metadata));
    }

    Answer delete(String address, String key, JsonNode metadata) {
        return send(address, "DELETE", "/kvs/" + key, metadataBody(metadata));
    }

    /** The view that {@code address} reports, sorted (its order carries no meaning). */
    List<String> view(String address) {
        Answer answer = send(address, "GET", "/view", "");
        if (answer.status() != 200 || !answer.body().path("view").isArray()) {
            throw new IllegalStateException("GET /view at " + address + " answered " + answer);
        }
        List<String> view = new ArrayList<>();
        answer.body().path("view").forEach(member -> view.add(member.asText()));
        view.sort(String::compareTo);
        return view;
    }

    private static String metadataBody(JsonNode metadata) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("causal-metadata", metadata);
        return body.toString();
    }

    private Answer send(String address, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(REQUEST_TIMEOUT);
        if (body.isEmpty()) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + address + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + address + path, e);
        }
    }

    /**
     * One causal client session: it sends the latest metadata it received, from any replica, and
     * takes the metadata of every successful answer.
     */
    final class Session {
        private JsonNode metadata = JsonNodeFactory.instance.nullNode();

        JsonNode metadata() {
            return metadata;
        }

        Answer put(String address, String key, JsonNode value) {
            return remember(KvsHttp.this.put(address, key, value, metadata));
        }

        Answer put(String address, String key, String value) {
            return put(address, key, JsonNodeFactory.instance.textNode(value));
        }

        Answer get(String address, String key) {
            return remember(KvsHttp.this.get(address, key, metadata));
        }

        Answer delete(String address, String key) {
            return remember(KvsHttp.this.delete(address, key, metadata));
        }

        private Answer remember(Answer answer) {
            JsonNode returned = answer.body().get("causal-metadata");
            if (answer.status() / 100 == 2 && returned != null && !returned.isNull()) {
                metadata = returned;
            }
            return answer;
        }
    }
}
