package kvs.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What came of one HTTP request to a replica. The split that matters is whether the request may
 * have reached the replica: {@link NotSent} certainly did not (so another replica may be tried as
 * if nothing happened), {@link NoAnswer} may have (a write's effect is then unknown).
 */
public sealed interface HttpOutcome {

    /**
     * The replica answered.
     *
     * @param status the HTTP status
     * @param body the body parsed as JSON, empty when it was not JSON
     * @param rawBody the body as text (shortened), for error messages
     * @param metadataHeader the {@code X-Causal-Metadata} header parsed as JSON, when present and JSON
     * @param contentType the {@code Content-Type} header as sent, empty when absent
     */
    record Answered(int status, Optional<JsonNode> body, String rawBody, Optional<JsonNode> metadataHeader,
                    String contentType) implements HttpOutcome {
        /** The {@code error} field of the body, or a description of the body. */
        public String errorMessage() {
            return body.map(b -> b.path("error"))
                    .filter(JsonNode::isTextual)
                    .map(JsonNode::asText)
                    .orElse("HTTP " + status + (rawBody.isEmpty() ? "" : ": " + rawBody));
        }
    }

    /** The connection was refused or could not be opened in time: nothing reached the replica. */
    record NotSent(String reason) implements HttpOutcome {}

    /** The request was (or may have been) sent but no answer came: timeout, reset, closed connection. */
    record NoAnswer(String reason) implements HttpOutcome {}
}
