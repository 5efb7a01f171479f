package kvs.tester.conformance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import kvs.cluster.Cluster;

/**
 * What every group of checks shares: the cluster, a raw HTTP client, the results so far, and the
 * wording of requests and answers in the rows.
 */
final class Probe {
    final Cluster cluster;
    final ConformanceOptions options;
    final RawHttp http;
    /** Prefix of every key this run writes, so that runs against a long-lived cluster do not meet. */
    final String prefix;
    private final List<CheckResult> results = new ArrayList<>();
    private final Consumer<CheckResult> progress;

    Probe(Cluster cluster, ConformanceOptions options, String prefix, Consumer<CheckResult> progress) {
        this.cluster = cluster;
        this.options = options;
        this.http = new RawHttp(options.requestTimeout());
        this.prefix = prefix;
        this.progress = progress;
    }

    List<CheckResult> results() {
        return List.copyOf(results);
    }

    int size() {
        return cluster.addresses().size();
    }

    String address(int member) {
        return cluster.addresses().get(member);
    }

    // ---- requests

    /** A request with a JSON body and {@code Content-Type: application/json}, or no body at all. */
    Request request(int member, String method, String path, Optional<String> json) {
        return new Request(member, method, path, json.map(b -> b.getBytes(StandardCharsets.UTF_8)), true, "");
    }

    Request request(int member, String method, String path, String json) {
        return request(member, method, path, Optional.of(json));
    }

    Answer send(Request request) {
        return http.send(address(request.member()), request.method(), request.path(), request.body(), request.jsonContentType());
    }

    /** Sends {@code request} until {@code done} holds or {@code limitMillis} pass; the last answer. */
    Answer poll(Supplier<Answer> request, Predicate<Answer> done, long limitMillis) {
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        while (true) {
            Answer answer = request.get();
            if (done.test(answer) || System.nanoTime() > deadline) return answer;
            sleep(100);
        }
    }

    /** {@code request} in a row: method, address, path, body and notes. */
    String describe(Request request) {
        String text = request.method() + " " + address(request.member()) + request.path();
        if (request.body().isEmpty()) return text + " (no body)";
        String body = new String(request.body().get(), StandardCharsets.UTF_8);
        text += body.isEmpty() ? " (empty body, Content-Length: 0)" : " " + RawHttp.shorten(body, 200);
        if (!request.jsonContentType()) text += " (no Content-Type)";
        return request.note().isEmpty() ? text : text + " " + request.note();
    }

    // ---- rows

    /** Sends {@code request} and records whether the answer is what {@code expect} describes. */
    Answer check(String group, String check, Request request, Expect expect) {
        Answer answer = send(request);
        judge(group, check, describe(request), answer, expect);
        return answer;
    }

    /** Records whether {@code answer} to {@code requestText} is what {@code expect} describes. */
    boolean judge(String group, String check, String requestText, Answer answer, Expect expect) {
        Optional<String> problem = expect.check(answer);
        String answerText = answer.describe() + problem.map(p -> "  <- " + p).orElse("");
        add(new CheckResult(group, check, problem.isEmpty() ? CheckResult.Status.PASS : CheckResult.Status.FAIL,
                requestText, answerText, expect.description()));
        return problem.isEmpty();
    }

    void pass(String group, String check, String request, String answer, String expected) {
        add(new CheckResult(group, check, CheckResult.Status.PASS, request, answer, expected));
    }

    void fail(String group, String check, String request, String answer, String expected) {
        add(new CheckResult(group, check, CheckResult.Status.FAIL, request, answer, expected));
    }

    void skip(String group, String check, String reason, String expected) {
        add(new CheckResult(group, check, CheckResult.Status.SKIP, "(not sent)", reason, expected));
    }

    private void add(CheckResult result) {
        results.add(result);
        progress.accept(result);
    }

    // ---- bodies and paths

    static String keyPath(String key) {
        return "/kvs/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String body(Optional<JsonNode> value, JsonNode metadata) {
        ObjectNode body = JsonValues.MAPPER.createObjectNode();
        value.ifPresent(v -> body.set("value", v));
        body.set("causal-metadata", metadata);
        return JsonValues.write(body);
    }

    static String putBody(JsonNode value, JsonNode metadata) {
        return body(Optional.of(value), metadata);
    }

    static String metadataBody(JsonNode metadata) {
        return body(Optional.empty(), metadata);
    }

    /** The metadata an answer carries, or JSON null. */
    static JsonNode metadataOf(Answer answer) {
        return answer.object().map(b -> b.get("causal-metadata")).filter(m -> m != null).orElse(NullNode.getInstance());
    }

    /** The later of two metadata: the answer's when it carries some (a client keeps the latest it received). */
    static JsonNode latest(JsonNode current, Answer answer) {
        JsonNode metadata = metadataOf(answer);
        return metadata.isNull() || answer.status() >= 300 ? current : metadata;
    }

    static boolean isStatus(Answer answer, int status) {
        return answer.answered() && answer.status() == status;
    }

    // ---- views

    /** The members that {@code member}'s {@code GET /view} lists, or empty when it does not answer a view. */
    Optional<Set<String>> viewOf(int member) {
        Answer answer = send(request(member, "GET", "/view", Optional.empty()));
        if (!isStatus(answer, 200)) return Optional.empty();
        JsonNode view = answer.object().map(b -> b.get("view")).orElse(null);
        if (view == null || !view.isArray()) return Optional.empty();
        Set<String> members = new TreeSet<>();
        view.forEach(m -> members.add(m.asText()));
        return Optional.of(members);
    }

    /**
     * Waits until every member in {@code live} lists exactly {@code live} in its view; the time it
     * took in milliseconds, or empty after {@code limitMillis}.
     */
    Optional<Long> awaitViews(Set<Integer> live, long limitMillis) {
        Set<String> wanted = new TreeSet<>();
        live.forEach(i -> wanted.add(address(i)));
        long started = System.nanoTime();
        long deadline = started + limitMillis * 1_000_000;
        while (true) {
            boolean complete = true;
            for (int member : live) complete &= viewOf(member).map(wanted::equals).orElse(false);
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (complete) return Optional.of(elapsed);
            if (System.nanoTime() > deadline) return Optional.empty();
            sleep(100);
        }
    }

    /** After a fault: waits for complete views, or a fixed 3 s when the store shows no view. */
    void settle(Set<Integer> live) {
        if (viewOf(live.iterator().next()).isEmpty()) {
            sleep(3000);
            return;
        }
        awaitViews(live, options.settleTimeout().toMillis());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One request: {@code body} empty means no body at all. */
    record Request(int member, String method, String path, Optional<byte[]> body, boolean jsonContentType, String note) {
        Request withoutContentType() {
            return new Request(member, method, path, body, false, note);
        }

        Request withNote(String text) {
            return new Request(member, method, path, body, jsonContentType, text);
        }

        static Request raw(int member, String method, String path, byte[] body) {
            return new Request(member, method, path, Optional.of(body), true, "");
        }
    }
}
