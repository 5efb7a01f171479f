package kvs.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.ExitCode;
import kvs.cli.Json;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.op.ClientSession;
import kvs.cli.op.OpResult;
import kvs.cli.op.OperationRunner;
import kvs.cli.session.OpenSession;
import kvs.cli.session.SessionFile;
import picocli.CommandLine;

/**
 * What {@code put}, {@code get} and {@code delete} share: lock the session, run the operation with
 * its metadata, save what came back, print the result. The session stays locked for the whole
 * operation, so two shells on one session run one after the other and neither loses an update.
 */
final class KeyValueOperation {
    private KeyValueOperation() {}

    static int run(KvsCommand root, CommandLine commandLine, Op op, String key, Optional<JsonNode> value) {
        if (key.isEmpty()) throw new CommandLine.ParameterException(commandLine, "KEY must not be empty");
        String name;
        try {
            name = root.sessionName();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        List<ReplicaAddress> replicas = root.replicaAddresses(commandLine);
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        try (OpenSession open = root.sessionStore().open(name);
             kvs.cli.http.ReplicaClient client = root.replicaClient()) {
            SessionFile before = open.state();
            ClientSession session = new ClientSession(name, before.metadata(), before.historyEpoch());
            OperationRunner runner = new OperationRunner(client, root.recorder(err), root.retryPolicy());
            OpResult result = runner.run(session, op, key, value, replicas);
            save(open, before, session, result);
            print(root, out, err, name, result, session);
            return result.exitCode();
        } catch (IOException | UncheckedIOException e) {
            return fileError(root, out, err, op, key, e.getMessage());
        }
    }

    private static void save(OpenSession open, SessionFile before, ClientSession session, OpResult result)
            throws IOException {
        Optional<ReplicaAddress> answeredBy = answeredBy(result);
        if (answeredBy.isPresent()) {
            open.save(before.afterOperation(session.metadata(), session.historyEpoch(), answeredBy.get().toString(),
                    Instant.now()));
        } else if (session.historyEpoch() != before.historyEpoch()) {
            open.save(new SessionFile(before.name(), before.metadata(), session.historyEpoch(), before.operations(),
                    before.lastReplica(), Optional.of(Instant.now())));
        }
    }

    private static Optional<ReplicaAddress> answeredBy(OpResult result) {
        if (result instanceof OpResult.Done done) return Optional.of(done.replica());
        if (result instanceof OpResult.NotFound notFound) return Optional.of(notFound.replica());
        return Optional.empty();
    }

    private static void print(KvsCommand root, PrintWriter out, PrintWriter err, String sessionName, OpResult result,
                              ClientSession session) {
        if (root.json) {
            out.println(Json.compact(toJson(sessionName, result, session)));
        } else {
            printHuman(out, err, result);
            if (root.showMetadata) out.println("  metadata: " + Json.compact(session.metadata()));
        }
        out.flush();
        err.flush();
    }

    private static void printHuman(PrintWriter out, PrintWriter err, OpResult result) {
        if (result instanceof OpResult.Done done) {
            if (done.op() == Op.GET) out.println(Json.compact(done.value().orElseThrow()));
            else out.println(done.result() + " " + quoteKey(done.key()) + " at " + done.replica());
        } else if (result instanceof OpResult.NotFound notFound) {
            err.println("kvs-cli: " + quoteKey(notFound.key()) + ": " + notFound.message() + " (at " + notFound.replica() + ")");
        } else if (result instanceof OpResult.Rejected rejected) {
            err.println("kvs-cli: rejected by " + rejected.replica() + ": " + rejected.message());
        } else if (result instanceof OpResult.Unavailable unavailable) {
            err.println("kvs-cli: unavailable: " + unavailable.message());
        } else if (result instanceof OpResult.OutcomeUnknown unknown) {
            err.println("kvs-cli: " + unknown.message());
        } else if (result instanceof OpResult.BadResponse bad) {
            err.println("kvs-cli: bad response from " + bad.replica() + ": " + bad.message());
        }
    }

    static String quoteKey(String key) {
        return key.isEmpty() || key.chars().anyMatch(c -> c <= ' ' || c == '"') ? Json.compact(Json.MAPPER.getNodeFactory().textNode(key)) : key;
    }

    static ObjectNode toJson(String sessionName, OpResult result, ClientSession session) {
        ObjectNode o = Json.object();
        o.put("op", result.op().wire());
        o.put("key", result.key());
        o.put("session", sessionName);
        o.put("exit", result.exitCode());
        if (result instanceof OpResult.Done done) {
            o.put("status", done.status());
            o.put("result", done.result());
            done.value().ifPresent(v -> o.set("value", v));
            o.put("replica", done.replica().toString());
        } else if (result instanceof OpResult.NotFound notFound) {
            o.put("status", 404);
            o.put("error", notFound.message());
            o.put("replica", notFound.replica().toString());
        } else if (result instanceof OpResult.Rejected rejected) {
            o.put("error", rejected.message());
            o.put("replica", rejected.replica().toString());
        } else if (result instanceof OpResult.Unavailable unavailable) {
            o.put("error", unavailable.message());
        } else if (result instanceof OpResult.OutcomeUnknown unknown) {
            o.put("error", unknown.message());
            o.put("replica", unknown.replica().toString());
        } else if (result instanceof OpResult.BadResponse bad) {
            o.put("error", bad.message());
            o.put("replica", bad.replica().toString());
        }
        o.set("causal-metadata", session.metadata());
        return o;
    }

    static int fileError(KvsCommand root, PrintWriter out, PrintWriter err, Op op, String key, String message) {
        if (root.json) {
            ObjectNode o = Json.object();
            o.put("op", op.wire());
            o.put("key", key);
            o.put("exit", ExitCode.IO_ERROR);
            o.put("error", message);
            out.println(Json.compact(o));
        } else {
            err.println("kvs-cli: " + message);
        }
        out.flush();
        err.flush();
        return ExitCode.IO_ERROR;
    }
}
