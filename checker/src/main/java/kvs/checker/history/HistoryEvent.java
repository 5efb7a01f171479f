package kvs.checker.history;

import java.util.Optional;

/**
 * One line of a history file: the invocation or the completion of one client operation.
 *
 * <p>Format {@value HistoryFormat#VERSION} (JSON Lines, see the README): a header line
 * {@code {"format":"kvs-history","version":2}} and then one object per event with the fields
 * below. JSON values (written or read values, metadata) are kept as compact JSON text, so this
 * record does not tie its users to a JSON library.
 *
 * @param type {@code invoke}, or the outcome of a completion: {@code ok} (took effect), {@code fail}
 *     (certainly did not take effect), {@code info} (unknown: it may or may not have)
 * @param session the client session's id; an {@code info} ends a session
 * @param op {@code put}, {@code get} or {@code delete}
 * @param key the key
 * @param valueJson a put's value (invocation and completion); a get's value read (completion,
 *     {@code ok}, found); empty otherwise
 * @param found for a get's {@code ok} completion: whether the key existed (200) or not (404)
 * @param replica the replica addressed ({@code ip:port}); empty if none could be
 * @param metadataJson the causal metadata sent (invocation) or received (completion), JSON text
 * @param timeNanos monotonic time of the event, in nanoseconds (any origin, same for the file)
 * @param finalRead true for reads made after the cluster was healed and quiescent
 * @param status the HTTP status of a completion, 0 if none (timeout, refused)
 * @param error the error message of a completion, if any
 * @param unexpected for a completion: an answer that the API does not allow (a 5xx, a body that is
 *     not JSON or lacks a field, a wrong {@code Content-Type}), described by its status, content type
 *     and first bytes; the outcome ({@code type}) says what is known of its effect (format 2)
 */
public record HistoryEvent(
        Type type,
        String session,
        Op op,
        String key,
        Optional<String> valueJson,
        boolean found,
        Optional<String> replica,
        Optional<String> metadataJson,
        long timeNanos,
        boolean finalRead,
        int status,
        Optional<String> error,
        Optional<String> unexpected) {

    public enum Type {
        INVOKE, OK, FAIL, INFO;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Op {
        PUT, GET, DELETE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public HistoryEvent {
        if (type == null || session == null || op == null || key == null || valueJson == null || replica == null
                || metadataJson == null || error == null || unexpected == null) {
            throw new IllegalArgumentException("a history event has no null components");
        }
        if (session.isEmpty()) throw new IllegalArgumentException("session id must not be empty");
    }

    public boolean isInvoke() {
        return type == Type.INVOKE;
    }

    public static HistoryEvent invoke(String session, Op op, String key, Optional<String> valueJson,
                                      Optional<String> replica, Optional<String> metadataJson, long timeNanos,
                                      boolean finalRead) {
        return new HistoryEvent(Type.INVOKE, session, op, key, valueJson, false, replica, metadataJson, timeNanos,
                finalRead, 0, Optional.empty(), Optional.empty());
    }

    /** The completion of {@code invocation}, with the same session, op, key and final flag. */
    public HistoryEvent complete(Type outcome, Optional<String> value, boolean found, Optional<String> replicaUsed,
                                 Optional<String> metadataReceived, long time, int httpStatus,
                                 Optional<String> errorMessage) {
        if (outcome == Type.INVOKE) throw new IllegalArgumentException("a completion cannot be an invocation");
        return new HistoryEvent(outcome, session, op, key, value, found, replicaUsed, metadataReceived, time,
                finalRead, httpStatus, errorMessage, Optional.empty());
    }

    /** This completion, marked as an answer the API does not allow ({@code description}: status, type, first bytes). */
    public HistoryEvent withUnexpected(String description) {
        if (type == Type.INVOKE) throw new IllegalArgumentException("only a completion can be unexpected");
        return new HistoryEvent(type, session, op, key, valueJson, found, replica, metadataJson, timeNanos, finalRead,
                status, error, Optional.of(description));
    }
}
