package kvs.cli.op;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.ExitCode;
import kvs.cli.http.ReplicaAddress;

/** How one client operation ended, after fail-over and retries. */
public sealed interface OpResult {

    Op op();

    String key();

    /** The command's exit code for this result. */
    int exitCode();

    /**
     * The replica took the operation: a put (201 created / 200 replaced), a get that found the key,
     * a delete that deleted it.
     *
     * @param result the body's {@code result} ({@code created}, {@code replaced}, {@code found}, {@code deleted})
     * @param value a get's value; empty for put and delete
     * @param metadata the new metadata the session adopted
     */
    record Done(Op op, String key, int status, String result, Optional<JsonNode> value, JsonNode metadata,
                ReplicaAddress replica) implements OpResult {
        @Override
        public int exitCode() {
            return ExitCode.SUCCESS;
        }
    }

    /** 404: the key does not exist (for a get this is a successful read of "absent"). */
    record NotFound(Op op, String key, String message, ReplicaAddress replica, JsonNode metadata) implements OpResult {
        @Override
        public int exitCode() {
            return ExitCode.NOT_FOUND;
        }
    }

    /** 400 (or another 4xx but 404, such as 413): the replica refused the request as malformed. */
    record Rejected(Op op, String key, String message, ReplicaAddress replica) implements OpResult {
        @Override
        public int exitCode() {
            return ExitCode.REJECTED;
        }
    }

    /** No replica reachable, or 503 until the wait budget ran out; {@code message} is the server's when it gave one. */
    record Unavailable(Op op, String key, String message) implements OpResult {
        @Override
        public int exitCode() {
            return ExitCode.UNAVAILABLE;
        }
    }

    /** A write was sent but no answer came: it may or may not have taken effect. */
    record OutcomeUnknown(Op op, String key, String message, ReplicaAddress replica) implements OpResult {
        @Override
        public int exitCode() {
            return ExitCode.UNAVAILABLE;
        }
    }

    /** The replica's answer made no sense (not JSON, no metadata, an unexpected status). */
    record BadResponse(Op op, String key, String message, ReplicaAddress replica) implements OpResult {
        @Override
        public int exitCode() {
            return ExitCode.BAD_RESPONSE;
        }
    }
}
