package kvs.tester.conformance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the specification wants of one answer: a description for the report and a test that says
 * what is wrong with an answer (empty when it conforms). Every expectation requires a JSON body
 * with {@code Content-Type: application/json}, as every answer of the API has.
 */
record Expect(String description, Function<Answer, Optional<String>> problem) {

    Optional<String> check(Answer answer) {
        if (!answer.answered()) return Optional.of("no answer");
        return problem.apply(answer);
    }

    /** Status {@code status} and a JSON object body accepted by {@code body}. */
    static Expect json(Set<Integer> statuses, String bodyText, Function<JsonNode, Optional<String>> body) {
        String statusText = statuses.size() == 1 ? statuses.iterator().next().toString() : statuses.toString();
        return new Expect(statusText + " application/json " + bodyText, answer -> {
            if (!statuses.contains(answer.status())) return Optional.of("status " + answer.status() + ", not " + statusText);
            if (!answer.isJsonContentType()) {
                return Optional.of("Content-Type is '" + answer.contentType() + "', not application/json");
            }
            Optional<JsonNode> object = answer.object();
            if (object.isEmpty()) return Optional.of("the body is not a JSON object");
            return body.apply(object.get());
        });
    }

    static Expect json(int status, String bodyText, Function<JsonNode, Optional<String>> body) {
        return json(Set.of(status), bodyText, body);
    }

    /** {@code {"error": message}} exactly. */
    static Expect error(int status, String message) {
        return json(status, "{\"error\": " + JsonValues.quote(message) + "}",
                body -> exactKeys(body, "error").or(() -> field(body, "error", message)));
    }

    /** Some 4xx status {@code status} with an {@code error} string. */
    static Expect anyError(int status) {
        return json(status, "{\"error\": \"...\"}", Expect::errorString);
    }

    /** Any 4xx status with an {@code error} string: bad input, refused, never a 5xx. */
    static Expect clientError() {
        return new Expect("4xx application/json {\"error\": \"...\"} (bad input is refused, never a 5xx)", answer -> {
            if (answer.status() < 400 || answer.status() > 499) return Optional.of("status " + answer.status() + ", not 4xx");
            if (!answer.isJsonContentType()) return Optional.of("Content-Type is '" + answer.contentType() + "', not application/json");
            return answer.object().map(Expect::errorString).orElse(Optional.of("the body is not a JSON object"));
        });
    }

    /** {@code {"result": result, "causal-metadata": V'}}: the write's outcome and new metadata. */
    static Expect result(int status, String result) {
        return json(status, "{\"result\": \"" + result + "\", \"causal-metadata\": V'}",
                body -> exactKeys(body, "result", "causal-metadata").or(() -> field(body, "result", result))
                        .or(() -> metadataPresent(body)));
    }

    /** {@code {"result": result}} exactly: the view endpoints' answers. */
    static Expect plainResult(int status, String result) {
        return json(status, "{\"result\": " + JsonValues.quote(result) + "}",
                body -> exactKeys(body, "result").or(() -> field(body, "result", result)));
    }

    /** {@code expect}, answered within {@code millis}. */
    static Expect within(Expect expect, long budgetMillis, long graceMillis) {
        return new Expect(expect.description() + ", within " + budgetMillis + " ms (+" + graceMillis + " ms grace)", answer -> {
            Optional<String> problem = expect.check(answer);
            if (problem.isPresent()) return problem;
            return answer.millis() <= budgetMillis + graceMillis ? Optional.empty()
                    : Optional.of("answered after " + answer.millis() + " ms");
        });
    }

    /** One of two expectations (described as both). */
    static Expect either(Expect first, Expect second) {
        return new Expect(first.description() + ", or " + second.description(),
                answer -> first.check(answer).isEmpty() || second.check(answer).isEmpty() ? Optional.empty()
                        : first.check(answer));
    }

    /** A created or replaced answer: the key may exist from an earlier run. */
    static Expect written() {
        return json(Set.of(200, 201), "{\"result\": \"created\" (201) or \"replaced\" (200), \"causal-metadata\": V'}", body -> {
            Optional<String> keys = exactKeys(body, "result", "causal-metadata");
            if (keys.isPresent()) return keys;
            String result = body.path("result").asText("");
            if (!result.equals("created") && !result.equals("replaced")) return Optional.of("result is " + body.get("result"));
            return metadataPresent(body);
        });
    }

    /** {@code {"result": "found", "value": value, "causal-metadata": V'}} with the value's JSON type kept. */
    static Expect found(JsonNode value) {
        return json(200, "{\"result\": \"found\", \"value\": " + JsonValues.write(value) + ", \"causal-metadata\": V'}", body -> {
            Optional<String> problem = exactKeys(body, "result", "value", "causal-metadata").or(() -> field(body, "result", "found"));
            if (problem.isPresent()) return problem;
            if (!JsonValues.same(body.get("value"), value)) {
                return Optional.of("value is " + JsonValues.write(body.get("value")) + ", not " + JsonValues.write(value));
            }
            return metadataPresent(body);
        });
    }

    /** {@code {"view": [...]}} holding exactly {@code members}, in any order. */
    static Expect view(List<String> members) {
        TreeSet<String> wanted = new TreeSet<>(members);
        return json(200, "{\"view\": " + JsonValues.write(JsonValues.MAPPER.valueToTree(wanted)) + "} (any order)", body -> {
            Optional<String> keys = exactKeys(body, "view");
            if (keys.isPresent()) return keys;
            JsonNode view = body.get("view");
            if (!view.isArray()) return Optional.of("view is not an array");
            TreeSet<String> got = new TreeSet<>();
            for (JsonNode member : view) got.add(member.asText());
            if (got.size() != view.size()) return Optional.of("view lists a member twice");
            return got.equals(wanted) ? Optional.empty() : Optional.of("view is " + got + ", not " + wanted);
        });
    }

    static Optional<String> exactKeys(JsonNode body, String... keys) {
        Set<String> wanted = new TreeSet<>(List.of(keys));
        Set<String> got = new TreeSet<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) got.add(it.next());
        if (got.equals(wanted)) return Optional.empty();
        List<String> missing = new ArrayList<>(wanted);
        missing.removeAll(got);
        List<String> extra = new ArrayList<>(got);
        extra.removeAll(wanted);
        return Optional.of((missing.isEmpty() ? "" : "missing " + missing + " ") + (extra.isEmpty() ? "" : "unexpected " + extra));
    }

    static Optional<String> field(JsonNode body, String name, String text) {
        JsonNode value = body.get(name);
        if (value != null && value.isTextual() && value.asText().equals(text)) return Optional.empty();
        return Optional.of(name + " is " + (value == null ? "missing" : value.toString()) + ", not " + JsonValues.quote(text));
    }

    private static Optional<String> metadataPresent(JsonNode body) {
        JsonNode metadata = body.get("causal-metadata");
        return metadata == null || metadata.isNull() ? Optional.of("causal-metadata is null: it must cover the write") : Optional.empty();
    }

    private static Optional<String> errorString(JsonNode body) {
        return body.path("error").isTextual() && !body.path("error").asText().isEmpty()
                ? Optional.empty() : Optional.of("no \"error\" string in the body");
    }
}
