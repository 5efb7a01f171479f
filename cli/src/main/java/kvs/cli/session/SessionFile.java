package kvs.cli.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import kvs.cli.Json;
import kvs.core.Check;

/**
 * What a session keeps on disk between commands: the latest causal metadata it received, the
 * history epoch (see {@link kvs.cli.op.ClientSession#historyId()}), and facts for {@code session show}.
 *
 * <p>On disk (format version 1):
 * <pre>{"format":"kvs-session","version":1,"name":"alice","causal-metadata":{...},"history-epoch":0,
 *  "operations":3,"last-replica":"127.0.0.1:8091","updated":"2026-11-24T02:00:00Z"}</pre>
 *
 * @param metadata exactly what a replica last returned, JSON null for a new session
 * @param operations how many operations completed with an answer on this session since it was (re)started
 */
public record SessionFile(String name, JsonNode metadata, int historyEpoch, long operations,
                          Optional<String> lastReplica, Optional<Instant> updated) {
    public static final String FORMAT = "kvs-session";
    public static final int VERSION = 1;

    public SessionFile {
        Check.argument(metadata != null && lastReplica != null && updated != null, "no null components");
        SessionStore.checkName(name);
        Check.argument(historyEpoch >= 0 && operations >= 0, "counters must not be negative");
    }

    public static SessionFile fresh(String name) {
        return new SessionFile(name, NullNode.getInstance(), 0, 0, Optional.empty(), Optional.empty());
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("name", name);
        o.set("causal-metadata", metadata);
        o.put("history-epoch", historyEpoch);
        o.put("operations", operations);
        lastReplica.ifPresent(r -> o.put("last-replica", r));
        updated.ifPresent(t -> o.put("updated", t.toString()));
        return o;
    }

    /** Reads a session file's JSON; throws {@link IllegalArgumentException} naming what is wrong. */
    public static SessionFile fromJson(JsonNode o) {
        if (!o.isObject()) throw new IllegalArgumentException("not a JSON object");
        if (!FORMAT.equals(o.path("format").asText())) throw new IllegalArgumentException("no \"format\":\"" + FORMAT + "\"");
        if (o.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("unsupported version " + o.path("version") + " (this kvs-cli reads " + VERSION + ")");
        }
        if (!o.path("name").isTextual()) throw new IllegalArgumentException("no name");
        if (!o.has("causal-metadata")) throw new IllegalArgumentException("no causal-metadata");
        if (!o.path("history-epoch").canConvertToInt() || !o.path("operations").canConvertToLong()) {
            throw new IllegalArgumentException("bad counters");
        }
        Optional<Instant> updated;
        try {
            updated = o.has("updated") ? Optional.of(Instant.parse(o.get("updated").asText())) : Optional.empty();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad updated time", e);
        }
        return new SessionFile(o.get("name").asText(), o.get("causal-metadata"), o.get("history-epoch").asInt(),
                o.get("operations").asLong(),
                o.has("last-replica") ? Optional.of(o.get("last-replica").asText()) : Optional.empty(), updated);
    }

    /** The state after one answered operation. */
    public SessionFile afterOperation(JsonNode newMetadata, int newHistoryEpoch, String replica, Instant now) {
        return new SessionFile(name, newMetadata, newHistoryEpoch, operations + 1, Optional.of(replica), Optional.of(now));
    }

    /**
     * A reset session: no metadata, and a new history epoch, since for a history the client that
     * forgot its past is a new session (the old id with no past would look like it broke its own guarantees).
     */
    public SessionFile reset(Instant now) {
        return new SessionFile(name, NullNode.getInstance(), historyEpoch + 1, 0, Optional.empty(), Optional.of(now));
    }
}
