package kvs.cli.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.Json;
import kvs.cli.http.HttpOutcome;
import org.junit.jupiter.api.Test;

class UnexpectedAnswerTest {
    private static HttpOutcome.Answered answer(int status, String body, String type) {
        return new HttpOutcome.Answered(status, Json.parse(body), body, Optional.empty(), type);
    }

    @Test
    void answersTheApiAllowsAreNotUnexpected() {
        assertEquals(Optional.empty(), OperationRunner.unexpected(Op.GET,
                answer(200, "{\"result\":\"found\",\"value\":1,\"causal-metadata\":{}}", "application/json")));
        assertEquals(Optional.empty(), OperationRunner.unexpected(Op.PUT,
                answer(201, "{\"result\":\"created\",\"causal-metadata\":{}}", "application/json; charset=utf-8")));
        assertEquals(Optional.empty(), OperationRunner.unexpected(Op.GET,
                answer(503, "{\"error\":\"Causal dependencies not satisfied; try again later\"}", "application/json")));
        assertEquals(Optional.empty(), OperationRunner.unexpected(Op.DELETE,
                answer(404, "{\"error\":\"Key does not exist\"}", "application/json")));
    }

    @Test
    void aServerErrorPageIsDescribedByStatusTypeAndFirstBytes() {
        String page = "<!doctype html><html><head><title>500 Internal Server Error</title></head><body>Traceback...</body></html>";
        String text = OperationRunner.unexpected(Op.PUT, answer(500, page, "text/html; charset=utf-8")).orElseThrow();
        assertTrue(text.startsWith("HTTP 500 text/html; charset=utf-8: <!doctype html><html><head><title>500 Internal"), text);
        assertTrue(text.contains("status 500 is not an answer the API gives to a put"), text);
        assertTrue(text.contains("Content-Type is not application/json"), text);
        assertTrue(text.contains("body is not JSON"), text);
    }

    @Test
    void wrongContentTypeMissingFieldsAndWrongStatusAreUnexpected() {
        assertTrue(OperationRunner.unexpected(Op.GET, answer(200, "{\"result\":\"found\",\"value\":1,\"causal-metadata\":{}}",
                "text/html")).orElseThrow().contains("Content-Type is not application/json"));
        assertTrue(OperationRunner.unexpected(Op.GET, answer(200, "{\"result\":\"found\",\"causal-metadata\":{}}",
                "application/json")).orElseThrow().contains("no value"));
        assertTrue(OperationRunner.unexpected(Op.GET, answer(404, "{\"message\":\"nope\"}", "application/json"))
                .orElseThrow().contains("no \"error\" text"));
        assertTrue(OperationRunner.unexpected(Op.GET, answer(201, "{\"result\":\"found\",\"value\":1,\"causal-metadata\":{}}",
                "application/json")).orElseThrow().contains("status 201"));
        assertTrue(OperationRunner.unexpected(Op.PUT, answer(200, "{}", "")).orElseThrow().contains("no Content-Type"));
    }
}
