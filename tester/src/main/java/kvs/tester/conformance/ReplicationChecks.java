package kvs.tester.conformance;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import kvs.tester.conformance.Probe.Request;

/**
 * Replication without faults: a write reaches another replica within the budget; metadata ahead of
 * a replica gets the value or 503, never a stale 404; deletes replicate and stay deleted (anti-
 * entropy must not bring them back); keys named like internal paths are ordinary keys.
 */
final class ReplicationChecks {
    static final String GROUP = "replication";
    static final String KEYS = "internal paths";
    static final String ERROR_503 = "Causal dependencies not satisfied; try again later";
    /** Without faults a write is visible at another replica within 1 s (SPEC §3 budget). */
    static final long VISIBLE_MILLIS = 1000;
    /** How long anti-entropy is given to do harm after a delete. */
    static final long AFTER_DELETE_MILLIS = 3000;
    private static final int DELETED_KEYS = 4;

    private final Probe probe;

    ReplicationChecks(Probe probe) {
        this.probe = probe;
    }

    void run() {
        internalPathKeys();
        if (probe.size() < 2) {
            for (String check : List.of("a write is visible at another replica without metadata within 1 s",
                    "GET with a write's metadata at another replica: the value or 503, never 404",
                    "a delete is replicated", "deleted keys stay deleted at every replica")) {
                probe.skip(GROUP, check, "needs at least 2 replicas", "see SPEC §3");
            }
            return;
        }
        visibleWithoutMetadata();
        metadataAheadGetsValueOr503();
        deletesReplicateAndStay();
    }

    private void internalPathKeys() {
        for (String key : List.of("sync", "replicate", "internal")) {
            JsonNode value = JsonValues.MAPPER.getNodeFactory().textNode("an ordinary key " + probe.prefix);
            Request put = probe.request(0, "PUT", Probe.keyPath(key), Probe.putBody(value, NullNode.getInstance()));
            Answer written = probe.send(put);
            String check = "a key named '" + key + "' is an ordinary key";
            if (Expect.written().check(written).isPresent()) {
                probe.judge(KEYS, check, probe.describe(put), written, Expect.written());
                continue;
            }
            probe.check(KEYS, check, probe.request(0, "GET", Probe.keyPath(key), Probe.metadataBody(Probe.metadataOf(written)))
                    .withNote("(after PUT)"), Expect.found(value));
        }
    }

    private void visibleWithoutMetadata() {
        String key = probe.prefix + "visible";
        JsonNode value = JsonValues.of("\"seen\"");
        Answer written = probe.send(probe.request(0, "PUT", Probe.keyPath(key), Probe.putBody(value, NullNode.getInstance())));
        long started = System.nanoTime();
        Request get = probe.request(1, "GET", Probe.keyPath(key), Probe.metadataBody(NullNode.getInstance()));
        Answer last = probe.poll(() -> probe.send(get), a -> Probe.isStatus(a, 200), VISIBLE_MILLIS + probe.options.grace().toMillis());
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        String check = "a write is visible at another replica without metadata within 1 s";
        Expect expect = Expect.found(value);
        String request = "PUT at replica 1 (" + written.status() + "), then " + probe.describe(get) + " until found";
        boolean ok = expect.check(last).isEmpty() && elapsed <= VISIBLE_MILLIS + probe.options.grace().toMillis();
        String answer = last.describe() + " after " + elapsed + " ms" + expect.check(last).map(p -> "  <- " + p).orElse("");
        record(check, ok, request, answer, expect.description() + " within " + VISIBLE_MILLIS + " ms (+grace)");
    }

    private void metadataAheadGetsValueOr503() {
        String key = probe.prefix + "ahead";
        JsonNode value = JsonValues.of("{\"n\":1}");
        Answer written = probe.send(probe.request(0, "PUT", Probe.keyPath(key), Probe.putBody(value, NullNode.getInstance())));
        Request get = probe.request(1, "GET", Probe.keyPath(key), Probe.metadataBody(Probe.metadataOf(written)));
        Expect valueOr503 = Expect.either(Expect.found(value), Expect.error(503, ERROR_503));
        List<String> seen = new ArrayList<>();
        Answer last = probe.poll(() -> probe.send(get), a -> {
            seen.add(a.answered() ? Integer.toString(a.status()) : "none");
            return !Probe.isStatus(a, 503);
        }, 2000 + probe.options.grace().toMillis());
        Expect expect = Expect.found(value);
        String check = "GET with a write's metadata at another replica: the value or 503, never 404";
        boolean ok = valueOr503.check(last).isEmpty() && expect.check(last).isEmpty();
        String answer = "statuses " + seen + ", last " + last.describe() + valueOr503.check(last).map(p -> "  <- " + p).orElse("");
        record(check, ok, "PUT at replica 1, then " + probe.describe(get) + " while 503", answer,
                "503 " + JsonValues.quote(ERROR_503) + " until the write arrives, then " + expect.description() + "; never 404");
    }

    private void deletesReplicateAndStay() {
        List<String> keys = new ArrayList<>();
        JsonNode metadata = NullNode.getInstance();
        for (int i = 0; i < DELETED_KEYS; i++) {
            String key = probe.prefix + "deleted" + i;
            keys.add(key);
            metadata = Probe.latest(metadata, probe.send(probe.request(0, "PUT", Probe.keyPath(key),
                    Probe.putBody(JsonValues.of(Integer.toString(i)), metadata))));
            metadata = Probe.latest(metadata, probe.send(probe.request(0, "DELETE", Probe.keyPath(key), Probe.metadataBody(metadata))));
        }
        Request get = probe.request(1, "GET", Probe.keyPath(keys.get(0)), Probe.metadataBody(metadata));
        Answer replicated = probe.poll(() -> probe.send(get), a -> !Probe.isStatus(a, 503), 2000 + probe.options.grace().toMillis());
        probe.judge(GROUP, "a delete is replicated: GET with the delete's metadata at another replica is 404",
                "PUT and DELETE at replica 1, then " + probe.describe(get) + " while 503", replicated,
                Expect.error(404, "Key does not exist"));
        Probe.sleep(AFTER_DELETE_MILLIS);
        List<String> back = new ArrayList<>();
        for (String key : keys) {
            for (int member = 0; member < probe.size(); member++) {
                Answer answer = probe.send(probe.request(member, "GET", Probe.keyPath(key), Probe.metadataBody(NullNode.getInstance())));
                if (!Probe.isStatus(answer, 404)) back.add(key + " at replica " + (member + 1) + ": " + answer.describe());
            }
        }
        record("deleted keys stay deleted at every replica (" + AFTER_DELETE_MILLIS + " ms later, anti-entropy included)",
                back.isEmpty(), DELETED_KEYS + " keys PUT and DELETEd at replica 1, then GET of each at every replica with null metadata",
                back.isEmpty() ? "404 for every key at every replica" : String.join("; ", back),
                "404 {\"error\": \"Key does not exist\"} for every key at every replica");
    }

    private void record(String check, boolean ok, String request, String answer, String expected) {
        if (ok) {
            probe.pass(GROUP, check, request, answer, expected);
        } else {
            probe.fail(GROUP, check, request, answer, expected);
        }
    }
}
