package kvs.tester.conformance;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Strict JSON for conformance: exact numbers, no trailing tokens, and equality by JSON meaning. */
final class JsonValues {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonValues() {}

    static Optional<JsonNode> parse(String text) {
        if (text.isBlank()) return Optional.empty();
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static JsonNode of(String json) {
        return parse(json).orElseThrow(() -> new IllegalArgumentException("not JSON: " + json));
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same JSON value and type: numbers by value (1 and 1.0 alike), objects regardless of key order. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.getNodeType() != b.getNodeType()) return false;
        if (a.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) return false;
            for (Map.Entry<String, JsonNode> field : a.properties()) {
                if (!b.has(field.getKey()) || !same(field.getValue(), b.get(field.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** A JSON string literal for {@code text}. */
    static String quote(String text) {
        return MAPPER.getNodeFactory().textNode(text).toString();
    }
}
