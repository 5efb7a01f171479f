package kvs.cli.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryEvent.Op;
import kvs.checker.history.HistoryEvent.Type;
import kvs.cli.Json;
import kvs.cli.http.HttpOutcome;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.http.ReplicaClient;
import kvs.cli.record.Recorder;
import kvs.core.Check;

/**
 * Runs one client operation for a session against a list of replicas, the way the client rules
 * say: send the session's latest metadata, adopt what comes back, move on to the next replica when
 * one cannot be reached, retry 503s with backoff until the wait budget is spent.
 *
 * <p>Every HTTP attempt is one operation in the history: an invocation, then its completion.
 * Outcomes map as the history format says: 2xx is {@code ok}; a get's 404 is {@code ok} with
 * {@code found=false}; a delete's 404, any other 4xx and a 503 are {@code fail}; a refused connection is
 * {@code fail} with status 0 (nothing was sent); a timeout or a reset after sending is {@code info},
 * which ends the session's history id. After an {@code info}, a get moves on to the next replica
 * (reading has no effect), a put or delete stops and reports that its outcome is unknown, since
 * sending it again could apply it twice.
 */
public final class OperationRunner {
    private final ReplicaClient client;
    private final Recorder recorder;
    private final RetryPolicy retry;

    public OperationRunner(ReplicaClient client, Recorder recorder, RetryPolicy retry) {
        this.client = client;
        this.recorder = recorder;
        this.retry = retry;
    }

    /**
     * Runs {@code op} on {@code key} for {@code session}, trying {@code replicas} in order.
     *
     * @param value a put's value; empty for get and delete
     */
    public OpResult run(ClientSession session, Op op, String key, Optional<JsonNode> value, List<ReplicaAddress> replicas) {
        return run(session, op, key, value, replicas, false);
    }

    /** As {@link #run(ClientSession, Op, String, Optional, List)}, with the history's final-read flag. */
    public OpResult run(ClientSession session, Op op, String key, Optional<JsonNode> value, List<ReplicaAddress> replicas,
                        boolean finalRead) {
        Check.argument(!finalRead || op == Op.GET, "only reads are final reads");
        Check.argument(!replicas.isEmpty(), "at least one replica is needed");
        Check.argument(value.isPresent() == (op == Op.PUT), "a put has a value, a get or delete has none");
        long deadlineNanos = System.nanoTime() + retry.waitMillis() * 1_000_000L;
        long backoffMillis = retry.backoffInitialMillis();
        List<String> unreachable = new ArrayList<>();
        while (true) {
            Optional<String> lastUnavailable = Optional.empty();
            unreachable.clear();
            for (ReplicaAddress replica : replicas) {
                Attempt attempt = attempt(session, op, key, value, replica, finalRead);
                if (attempt.result().isPresent()) return attempt.result().get();
                if (attempt.unavailableMessage().isPresent()) lastUnavailable = attempt.unavailableMessage();
                else unreachable.add(attempt.unreachableReason().orElse(replica + " unreachable"));
            }
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (lastUnavailable.isEmpty()) {
                return new OpResult.Unavailable(op, key, "no replica reachable: " + String.join("; ", unreachable));
            }
            if (remainingMillis <= 0) return new OpResult.Unavailable(op, key, lastUnavailable.get());
            sleepMillis(Math.min(backoffMillis, remainingMillis));
            backoffMillis = Math.min(backoffMillis * 2, retry.backoffMaxMillis());
        }
    }

    /**
     * One HTTP attempt. Exactly one of its fields is set: a final result, a 503's message (retry
     * later), or the reason the replica could not be reached or did not answer a read (try the next).
     */
    private record Attempt(Optional<OpResult> result, Optional<String> unavailableMessage,
                           Optional<String> unreachableReason) {
        static Attempt finished(OpResult result) {
            return new Attempt(Optional.of(result), Optional.empty(), Optional.empty());
        }

        static Attempt unavailable(String message) {
            return new Attempt(Optional.empty(), Optional.of(message), Optional.empty());
        }

        static Attempt unreachable(String reason) {
            return new Attempt(Optional.empty(), Optional.empty(), Optional.of(reason));
        }
    }

    private Attempt attempt(ClientSession session, Op op, String key, Optional<JsonNode> value, ReplicaAddress replica,
                            boolean finalRead) {
        JsonNode sent = session.metadata();
        String sentJson = Json.compact(sent);
        Optional<String> valueJson = value.map(Json::compact);
        HistoryEvent invoke = HistoryEvent.invoke(session.historyId(), op, key, valueJson,
                Optional.of(replica.toString()), Optional.of(sentJson), System.nanoTime(), finalRead);
        recorder.record(invoke);
        HttpOutcome outcome = client.send(replica, method(op), ReplicaClient.keyPath(key),
                Optional.of(requestBody(op, value, sent)));
        if (outcome instanceof HttpOutcome.NotSent notSent) {
            complete(invoke, Type.FAIL, valueJson, false, replica, Optional.empty(), 0, Optional.of(notSent.reason()));
            return Attempt.unreachable(notSent.reason());
        }
        if (outcome instanceof HttpOutcome.NoAnswer noAnswer) {
            complete(invoke, Type.INFO, valueJson, false, replica, Optional.empty(), 0, Optional.of(noAnswer.reason()));
            session.startNewHistorySession();
            if (op == Op.GET) return Attempt.unreachable(noAnswer.reason());
            return Attempt.finished(new OpResult.OutcomeUnknown(op, key,
                    noAnswer.reason() + "; the " + op.wire() + " may or may not have taken effect", replica));
        }
        return answered(session, op, key, valueJson, replica, invoke, (HttpOutcome.Answered) outcome);
    }

    private Attempt answered(ClientSession session, Op op, String key, Optional<String> valueJson,
                             ReplicaAddress replica, HistoryEvent invoke, HttpOutcome.Answered answer) {
        int status = answer.status();
        Optional<String> unexpected = unexpected(op, answer);
        if (status == 503) {
            completeAnswered(unexpected, invoke, Type.FAIL, valueJson, false, replica, Optional.empty(), status, Optional.of(answer.errorMessage()));
            return Attempt.unavailable(answer.errorMessage());
        }
        if (status >= 400 && status < 500 && status != 404) {
            // 400 (no value, key too long), 413 (body too large): refused before any effect.
            completeAnswered(unexpected, invoke, Type.FAIL, valueJson, false, replica, Optional.empty(), status, Optional.of(answer.errorMessage()));
            return Attempt.finished(new OpResult.Rejected(op, key, answer.errorMessage(), replica));
        }
        if (status == 404) {
            answer.metadataHeader().ifPresent(session::adopt);
            Optional<String> received = answer.metadataHeader().map(Json::compact);
            Type type = op == Op.GET ? Type.OK : Type.FAIL;
            completeAnswered(unexpected, invoke, type, Optional.empty(), false, replica, received, status, Optional.of(answer.errorMessage()));
            return Attempt.finished(new OpResult.NotFound(op, key, answer.errorMessage(), replica, session.metadata()));
        }
        if (!expectedSuccess(op, status)) {
            // An unexpected status (a 500, a proxy's 502): whether a write took effect is unknown.
            completeAnswered(unexpected, invoke, Type.INFO, valueJson, false, replica, Optional.empty(), status, Optional.of(answer.errorMessage()));
            session.startNewHistorySession();
            return Attempt.finished(new OpResult.BadResponse(op, key, "unexpected answer " + answer.errorMessage(), replica));
        }
        Optional<String> problem = problemWithSuccessBody(op, answer.body());
        if (problem.isPresent()) {
            completeAnswered(unexpected, invoke, Type.INFO, valueJson, false, replica, Optional.empty(), status, problem);
            session.startNewHistorySession();
            return Attempt.finished(new OpResult.BadResponse(op, key,
                    problem.get() + " (HTTP " + status + ": " + answer.rawBody() + ")", replica));
        }
        JsonNode body = answer.body().orElseThrow();
        JsonNode received = body.get("causal-metadata");
        session.adopt(received);
        Optional<JsonNode> readValue = op == Op.GET ? Optional.of(body.get("value")) : Optional.empty();
        Optional<String> recordedValue = op == Op.GET ? readValue.map(Json::compact) : valueJson;
        completeAnswered(unexpected, invoke, Type.OK, recordedValue, op == Op.GET, replica, Optional.of(Json.compact(received)), status,
                Optional.empty());
        return Attempt.finished(new OpResult.Done(op, key, status, body.path("result").asText(""), readValue,
                received, replica));
    }

    private static boolean expectedSuccess(Op op, int status) {
        return switch (op) {
            case PUT -> status == 200 || status == 201;
            case GET, DELETE -> status == 200;
        };
    }

    /** What is wrong with a 2xx body, if anything: it must be an object with metadata, and a get's with a value. */
    static Optional<String> problemWithSuccessBody(Op op, Optional<JsonNode> body) {
        if (body.isEmpty() || !body.get().isObject()) return Optional.of("answer is not a JSON object");
        if (!body.get().has("causal-metadata")) return Optional.of("answer has no causal-metadata");
        if (op == Op.GET && !body.get().has("value")) return Optional.of("answer to a get has no value");
        return Optional.empty();
    }

    private void completeAnswered(Optional<String> unexpected, HistoryEvent invoke, Type type, Optional<String> valueJson,
                                  boolean found, ReplicaAddress replica, Optional<String> metadataReceived, int status,
                                  Optional<String> error) {
        HistoryEvent done = invoke.complete(type, valueJson, found, Optional.of(replica.toString()), metadataReceived,
                System.nanoTime(), status, error);
        recorder.record(unexpected.isPresent() ? done.withUnexpected(unexpected.get()) : done);
    }

    /** First characters of a body kept in the description of an unexpected answer. */
    static final int UNEXPECTED_BYTES_SHOWN = 80;

    /**
     * What makes an answer one that the API does not allow, if anything: a status the API never
     * gives to this operation (a 5xx other than 503, a redirect, a 201 to a read), a
     * {@code Content-Type} other than {@code application/json}, a body that is not JSON or lacks the
     * field its status calls for ({@code error}; {@code causal-metadata}, {@code value}). Described
     * as {@code HTTP <status> <content type>: <first bytes> (<what is wrong>)}.
     */
    static Optional<String> unexpected(Op op, HttpOutcome.Answered answer) {
        int status = answer.status();
        List<String> wrong = new ArrayList<>();
        boolean success = expectedSuccess(op, status);
        boolean error = status == 400 || status == 404 || status == 413 || status == 503 || status == 405;
        if (!success && !error) wrong.add("status " + status + " is not an answer the API gives to a " + op.wire());
        String type = answer.contentType().strip();
        String mime = type.contains(";") ? type.substring(0, type.indexOf(';')).strip() : type;
        if (!mime.equalsIgnoreCase("application/json")) {
            wrong.add(type.isEmpty() ? "no Content-Type" : "Content-Type is not application/json");
        }
        if (answer.body().isEmpty()) {
            wrong.add("body is not JSON");
        } else if (!answer.body().get().isObject()) {
            wrong.add("body is not a JSON object");
        } else if (success) {
            problemWithSuccessBody(op, answer.body()).ifPresent(wrong::add);
        } else if (error && !answer.body().get().path("error").isTextual()) {
            wrong.add("error answer has no \"error\" text");
        }
        if (wrong.isEmpty()) return Optional.empty();
        String raw = answer.rawBody();
        String first = raw.length() > UNEXPECTED_BYTES_SHOWN ? raw.substring(0, UNEXPECTED_BYTES_SHOWN) + "..." : raw;
        return Optional.of("HTTP " + status + " " + (type.isEmpty() ? "(no Content-Type)" : type) + ": " + first
                + " (" + String.join("; ", wrong) + ")");
    }

    private void complete(HistoryEvent invoke, Type type, Optional<String> valueJson, boolean found,
                          ReplicaAddress replica, Optional<String> metadataReceived, int status, Optional<String> error) {
        recorder.record(invoke.complete(type, valueJson, found, Optional.of(replica.toString()), metadataReceived,
                System.nanoTime(), status, error));
    }

    static String requestBody(Op op, Optional<JsonNode> value, JsonNode metadata) {
        ObjectNode body = Json.object();
        if (op == Op.PUT) body.set("value", value.orElseThrow());
        body.set("causal-metadata", metadata);
        return Json.compact(body);
    }

    private static String method(Op op) {
        return switch (op) {
            case PUT -> "PUT";
            case GET -> "GET";
            case DELETE -> "DELETE";
        };
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
