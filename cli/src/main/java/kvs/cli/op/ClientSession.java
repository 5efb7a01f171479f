package kvs.cli.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import kvs.core.Check;

/**
 * A causal client session as the client rules want it: it sends the latest metadata it received
 * (from whichever replica) with every request, and adopts the metadata of every answer.
 *
 * <p>Invariants: the metadata is exactly a JSON value some replica returned (or JSON null at the
 * start); the history id changes whenever an operation ends {@code info}, because in a history an
 * operation of unknown outcome ends its session. Not thread-safe: one session is one sequential client.
 */
public final class ClientSession {
    private final String name;
    private JsonNode metadata;
    private int historyEpoch;

    public ClientSession(String name, JsonNode metadata, int historyEpoch) {
        Check.argument(!name.isEmpty(), "a session needs a name");
        Check.argument(historyEpoch >= 0, "history epoch must not be negative");
        Check.argument(metadata != null, "metadata is JSON null when there is none, never Java null");
        this.name = name;
        this.metadata = metadata;
        this.historyEpoch = historyEpoch;
    }

    public static ClientSession fresh(String name) {
        return new ClientSession(name, NullNode.getInstance(), 0);
    }

    public String name() {
        return name;
    }

    public JsonNode metadata() {
        return metadata;
    }

    public int historyEpoch() {
        return historyEpoch;
    }

    /** The session id written to histories: the name, then {@code name#1}, {@code name#2}, ... after each info. */
    public String historyId() {
        return historyIdOf(name, historyEpoch);
    }

    public static String historyIdOf(String name, int epoch) {
        return epoch == 0 ? name : name + "#" + epoch;
    }

    void adopt(JsonNode received) {
        Check.that(received != null, "adopted metadata is never Java null");
        this.metadata = received;
    }

    /** After an operation of unknown outcome, the history sees a new session (with the same metadata). */
    void startNewHistorySession() {
        historyEpoch++;
    }
}
