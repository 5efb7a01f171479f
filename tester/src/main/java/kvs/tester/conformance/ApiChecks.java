package kvs.tester.conformance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import kvs.tester.conformance.Probe.Request;

/**
 * The rows of the API table of SPEC §2 and its details, asked of one replica (member 0), with the
 * metadata carried from answer to answer as a client does. Nothing here needs a fault.
 */
final class ApiChecks {
    static final String GROUP = "api";
    static final String INPUT = "bad input";
    static final String TYPES = "value types";
    static final String KEYS = "key length";
    static final String BODIES = "no body";

    private static final List<String[]> VALUE_TYPES = List.of(
            new String[] {"a whole number", "7"},
            new String[] {"a negative decimal number", "-1.5"},
            new String[] {"a 30-digit integer (every digit kept)", "123456789012345678901234567890"},
            new String[] {"a string that looks like a number", "\"7\""},
            new String[] {"a string of non-ASCII characters", "\"h\u00e9llo \u2603 \u65e5\u672c\""},
            new String[] {"an empty string", "\"\""},
            new String[] {"an object", "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}"},
            new String[] {"an array", "[1,\"two\",false,null]"},
            new String[] {"true", "true"},
            new String[] {"false", "false"});

    private final Probe probe;
    private JsonNode metadata = NullNode.getInstance();

    ApiChecks(Probe probe) {
        this.probe = probe;
    }

    void run() {
        rowsOfTheTable();
        valueTypes();
        keyLengths();
        requestsWithoutBody();
    }

    private void rowsOfTheTable() {
        String key = probe.prefix + "row";
        check(GROUP, "PUT a new key: created", put(key, "1"), Expect.result(201, "created"));
        check(GROUP, "PUT an existing key: replaced", put(key, "2"), Expect.result(200, "replaced"));
        check(GROUP, "GET a present key: found, with its value", get(0, key), Expect.found(JsonValues.of("2")));
        check(GROUP, "PUT with no value: 400", probe.request(0, "PUT", Probe.keyPath(key), Probe.metadataBody(metadata)),
                Expect.error(400, "PUT request does not specify a value"));
        check(GROUP, "PUT with value null: 400",
                probe.request(0, "PUT", Probe.keyPath(key), "{\"value\":null,\"causal-metadata\":" + JsonValues.write(metadata) + "}"),
                Expect.error(400, "PUT request does not specify a value"));
        check(GROUP, "a refused PUT changes nothing", get(0, key).withNote("(after the two refused PUTs)"),
                Expect.found(JsonValues.of("2")));
        check(GROUP, "GET an absent key: 404", get(0, probe.prefix + "never-written"), Expect.error(404, "Key does not exist"));
        check(GROUP, "DELETE a present key: deleted", delete(0, key), Expect.result(200, "deleted"));
        check(GROUP, "GET a deleted key: 404", get(0, key), Expect.error(404, "Key does not exist"));
        check(GROUP, "DELETE a deleted key: 404", delete(0, key), Expect.error(404, "Key does not exist"));
        check(GROUP, "DELETE a key never written: 404", delete(0, probe.prefix + "never-written"),
                Expect.error(404, "Key does not exist"));
        check(GROUP, "PUT a deleted key again: created", put(key, "3"), Expect.result(201, "created"));
    }

    private void valueTypes() {
        int n = 0;
        for (String[] type : VALUE_TYPES) {
            String key = probe.prefix + "type" + n++;
            JsonNode value = JsonValues.of(type[1]);
            Request put = put(key, type[1]);
            Answer written = probe.send(put);
            metadata = Probe.latest(metadata, written);
            Optional<String> problem = Expect.result(201, "created").check(written);
            if (problem.isPresent()) {
                probe.fail(TYPES, "a value that is " + type[0] + " comes back as sent", probe.describe(put),
                        written.describe() + "  <- " + problem.get(), "201 created, then the value as sent");
                continue;
            }
            check(TYPES, "a value that is " + type[0] + " comes back as sent", get(0, key).withNote("(after PUT " + type[1] + ")"),
                    Expect.found(value));
        }
    }

    private void keyLengths() {
        keyLength("a key of 50 ASCII characters: created", 'x', 50, Expect.result(201, "created"));
        keyLength("a key of 51 ASCII characters: 400", 'x', 51, Expect.error(400, "Key is too long"));
        keyLength("a key of 50 characters of 2 UTF-8 bytes each (\u00e9): created", '\u00e9', 50, Expect.result(201, "created"));
        keyLength("a key of 51 characters of 2 UTF-8 bytes each (\u00e9): 400", '\u00e9', 51, Expect.error(400, "Key is too long"));
        keyLength("a key of 50 characters of 3 UTF-8 bytes each (\u65e5): created", '\u65e5', 50, Expect.result(201, "created"));
        keyLength("a key of 51 characters of 3 UTF-8 bytes each (\u65e5): 400", '\u65e5', 51, Expect.error(400, "Key is too long"));
    }

    private void keyLength(String check, char fill, int length, Expect expect) {
        StringBuilder key = new StringBuilder(probe.prefix).append(fill == 'x' ? "k" : "m");
        key.append(Character.toString(fill).repeat(length - key.length()));
        check(KEYS, check, put(key.toString(), "1").withNote("(key of " + key.length() + " characters)"), expect);
    }

    /** GET and DELETE without a body, with an empty body, with no Content-Type: metadata is then null. */
    private void requestsWithoutBody() {
        String key = probe.prefix + "nobody";
        check(BODIES, "(set-up) PUT a key to read", put(key, "\"here\""), Expect.result(201, "created"));
        Optional<byte[]> json = Optional.of(Probe.metadataBody(NullNode.getInstance()).getBytes(StandardCharsets.UTF_8));
        String path = Probe.keyPath(key);
        Expect found = Expect.found(JsonValues.of("\"here\""));
        check(BODIES, "GET with no body", new Request(0, "GET", path, Optional.empty(), false, ""), found);
        check(BODIES, "GET with an empty body", new Request(0, "GET", path, Optional.of(new byte[0]), true, ""), found);
        check(BODIES, "GET with a JSON body and no Content-Type", new Request(0, "GET", path, json, false, ""), found);
        String[] notes = {"with no body", "with an empty body", "with a JSON body and no Content-Type"};
        List<Optional<byte[]>> bodies = List.of(Optional.empty(), Optional.of(new byte[0]), json);
        for (int i = 0; i < notes.length; i++) {
            String deleted = probe.prefix + "nobody-del" + i;
            probe.send(put(deleted, "1"));
            check(BODIES, "DELETE " + notes[i], new Request(0, "DELETE", Probe.keyPath(deleted), bodies.get(i), i == 1, ""),
                    Expect.result(200, "deleted"));
        }
        check(BODIES, "GET with metadata no replica made (a string): taken for null", get(0, key, JsonValues.of("\"not metadata\"")),
                found);
        check(BODIES, "GET with metadata no replica made (an object): taken for null",
                get(0, key, JsonValues.of("{\"bogus\":[1,2,3],\"10.0.0.9:1\":\"x\"}")), found);
    }

    /**
     * Bad input, run last: an implementation that accepts what it should refuse (a lone surrogate)
     * may be unable to replicate afterwards, and that must not spoil the other checks.
     */
    void badInput() {
        String path = Probe.keyPath(probe.prefix + "bad");
        raw(INPUT, "PUT with malformed JSON: 400", path, "{\"value\": 1", Expect.anyError(400));
        raw(INPUT, "PUT with trailing garbage after the JSON body: 400", path, "{\"value\": 1} x", Expect.anyError(400));
        raw(INPUT, "PUT with a body that is not a JSON object: 400", path, "[1, 2]", Expect.anyError(400));
        raw(INPUT, "PUT with a lone surrogate in the value: 400", path, "{\"value\": \"\\ud800\"}", Expect.anyError(400));
        check(INPUT, "PUT to a key with invalid UTF-8 in the path: 400",
                probe.request(0, "PUT", "/kvs/%FF%FE" + probe.prefix, Probe.putBody(JsonValues.of("1"), metadata)),
                Expect.anyError(400));
        check(INPUT, "GET of an unknown path: 404 with an error body", probe.request(0, "GET", "/no-such-path", Optional.empty()),
                Expect.anyError(404));
        check(INPUT, "POST to /kvs/<key>: 405 with an error body",
                probe.request(0, "POST", path, Probe.putBody(JsonValues.of("1"), metadata)), Expect.anyError(405));
        check(INPUT, "POST to /view: 405 with an error body", probe.request(0, "POST", "/view", "{}"), Expect.anyError(405));
        check(INPUT, "PUT /view with no socket-address: 4xx", probe.request(0, "PUT", "/view", "{}"), Expect.clientError());
        check(INPUT, "PUT /view with a malformed address: 4xx", probe.request(0, "PUT", "/view", "{\"socket-address\": \"no port\"}"),
                Expect.clientError());
    }

    private void raw(String group, String check, String path, String body, Expect expect) {
        check(group, check, Request.raw(0, "PUT", path, body.getBytes(StandardCharsets.UTF_8)), expect);
    }

    // ---- helpers

    private Answer check(String group, String check, Request request, Expect expect) {
        Answer answer = probe.check(group, check, request, expect);
        metadata = Probe.latest(metadata, answer);
        return answer;
    }

    private Request put(String key, String valueJson) {
        return probe.request(0, "PUT", Probe.keyPath(key), Probe.putBody(JsonValues.of(valueJson), metadata));
    }

    private Request get(int member, String key) {
        return get(member, key, metadata);
    }

    private Request get(int member, String key, JsonNode sent) {
        return probe.request(member, "GET", Probe.keyPath(key), Probe.metadataBody(sent));
    }

    private Request delete(int member, String key) {
        return probe.request(member, "DELETE", Probe.keyPath(key), Probe.metadataBody(metadata));
    }
}
