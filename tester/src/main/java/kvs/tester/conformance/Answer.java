package kvs.tester.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What came back from one raw request: a status line, headers (names in lower case) and a body, or
 * no answer at all ({@code failure}), with the time it took.
 */
record Answer(int status, Map<String, String> headers, byte[] body, Optional<String> failure, long millis) {
    private static final int SHOWN_CHARS_MAX = 300;

    static Answer noAnswer(String reason, long millis) {
        return new Answer(-1, Map.of(), new byte[0], Optional.of(reason), millis);
    }

    Answer withMillis(long elapsed) {
        return new Answer(status, headers, body, failure, elapsed);
    }

    boolean answered() {
        return failure.isEmpty();
    }

    String contentType() {
        return headers.getOrDefault("content-type", "");
    }

    boolean isJsonContentType() {
        String type = contentType().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/json;");
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, when it is exactly one JSON value. */
    Optional<JsonNode> json() {
        return JsonValues.parse(text());
    }

    /** The body as a JSON object. */
    Optional<JsonNode> object() {
        return json().filter(JsonNode::isObject);
    }

    /** {@code 201 application/json {"result":"created",...}} or the reason nothing came back. */
    String describe() {
        if (failure.isPresent()) return "no answer: " + failure.get();
        String type = contentType().isEmpty() ? "(no Content-Type)" : contentType();
        String shown = text().replaceAll("\\s+", " ").strip();
        return status + " " + type + (shown.isEmpty() ? " (empty body)" : " " + RawHttp.shorten(shown, SHOWN_CHARS_MAX));
    }
}
