package kvs.replica;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import kvs.core.clock.VectorClock;
import kvs.core.replica.JsonText;
import kvs.core.replica.LinkStamp;
import kvs.core.replica.Message;
import kvs.core.replica.Reply;
import kvs.core.replica.ValueText;
import kvs.core.replica.Version;
import kvs.core.replica.WriteId;

/**
 * JSON on the wire: client bodies in, replies out, and the replica-to-replica messages both ways.
 * Values stay compact JSON text end to end, so they keep their JSON type.
 */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** For whole bodies read as one tree: anything after the JSON value is an error. */
    private static final ObjectMapper WHOLE_BODY = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What a writer id in metadata looks like: {@code host:port#incarnation}. */
    private static final Pattern WRITER_ID = Pattern.compile("[A-Za-z0-9.-]+:[0-9]{1,5}#[0-9a-z]{1,13}");

    private Json() {}

    /** Thrown for a body that is not the JSON the endpoint takes; the message goes to the client. */
    public static final class BadBody extends Exception {
        public BadBody(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What a client's {@code /kvs/} body says: the value as exact compact JSON text (numbers keep
     * the digits the client sent) when the body has a non-null {@code value}, and the metadata.
     */
    public record ClientBody(Optional<String> valueJson, VectorClock metadata) {}

    /**
     * Reads a client's {@code /kvs/} body in one pass, without building a tree of the value: an
     * empty body says nothing; anything else must be one JSON object with nothing after it, whose
     * strings and field names are valid Unicode (no lone surrogate).
     */
    public static ClientBody clientBody(byte[] body) throws BadBody {
        if (isBlank(body)) return new ClientBody(Optional.empty(), VectorClock.EMPTY);
        try (JsonParser p = MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadBody("Request body must be a JSON object");
            Optional<String> value = Optional.empty();
            VectorClock metadata = VectorClock.EMPTY;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if (field.equals("value")) {
                    value = token == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(exactText(p));
                } else if (field.equals("causal-metadata")) {
                    metadata = clock(p.readValueAsTree()).orElse(VectorClock.EMPTY);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new BadBody("Unexpected data after the JSON body");
            return new ClientBody(value, metadata);
        } catch (IOException e) {
            throw new BadBody(malformed(e));
        }
    }

    /**
     * The JSON value at the parser's current token as compact text, numbers exactly as written (no
     * rounding to a double, no {@code Infinity}); {@link BadBody} for a string or field name that is
     * not valid Unicode. Leaves the parser on the value's last token.
     */
    static String exactText(JsonParser p) throws IOException, BadBody {
        java.io.StringWriter out = new java.io.StringWriter(32);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            int depth = 0;
            do {
                JsonToken token = p.currentToken();
                switch (token) {
                    case START_OBJECT -> { g.writeStartObject(); depth++; }
                    case START_ARRAY -> { g.writeStartArray(); depth++; }
                    case END_OBJECT -> { g.writeEndObject(); depth--; }
                    case END_ARRAY -> { g.writeEndArray(); depth--; }
                    case FIELD_NAME -> g.writeFieldName(validUnicode(p.currentName()));
                    case VALUE_STRING -> g.writeString(validUnicode(p.getText()));
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                    case VALUE_TRUE -> g.writeBoolean(true);
                    case VALUE_FALSE -> g.writeBoolean(false);
                    case VALUE_NULL -> g.writeNull();
                    default -> throw new BadBody("Malformed JSON body");
                }
            } while (depth > 0 && p.nextToken() != null);
            if (depth != 0) throw new BadBody("Malformed JSON body");
        }
        return out.toString();
    }

    /** {@code text} when every surrogate in it is half of a pair; {@link BadBody} otherwise. */
    static String validUnicode(String text) throws BadBody {
        if (!JsonText.isValidUnicode(text)) throw new BadBody("Strings must be valid Unicode (a lone surrogate is not)");
        return text;
    }

    /** What went wrong in a body Jackson could not read, in a few words. */
    private static String malformed(IOException e) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (detail != null && detail.toLowerCase(java.util.Locale.ROOT).contains("surrogate")) {
            return "Strings must be valid Unicode (a lone surrogate is not)";
        }
        return "Malformed JSON body";
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public static ObjectNode object(byte[] body) throws BadBody {
        if (isBlank(body)) return MAPPER.createObjectNode();
        JsonNode node;
        try {
            node = WHOLE_BODY.readTree(body);
        } catch (IOException e) {
            throw new BadBody("Malformed JSON body");
        }
        if (node == null || node.isMissingNode()) return MAPPER.createObjectNode();
        if (!node.isObject()) throw new BadBody("Request body must be a JSON object");
        return (ObjectNode) node;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        }
        return true;
    }

    /**
     * The causal metadata in a body: a clock if the field holds one of the shape replicas produce,
     * {@link VectorClock#EMPTY} otherwise (absent, null, or anything else).
     */
    public static VectorClock metadata(ObjectNode body) {
        return clock(body.get("causal-metadata")).orElse(VectorClock.EMPTY);
    }

    /** Metadata from text (a header); empty clock when it is not metadata. */
    public static VectorClock metadata(String text) {
        try {
            return clock(MAPPER.readTree(text)).orElse(VectorClock.EMPTY);
        } catch (IOException e) {
            return VectorClock.EMPTY;
        }
    }

    static Optional<VectorClock> clock(JsonNode node) {
        if (node == null || !node.isObject()) return Optional.empty();
        Map<String, Long> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode count = field.getValue();
            if (!WRITER_ID.matcher(field.getKey()).matches() || !count.canConvertToLong() || !count.isIntegralNumber()
                    || count.asLong() < 0) {
                return Optional.empty();
            }
            entries.put(field.getKey(), count.asLong());
        }
        return Optional.of(VectorClock.of(entries));
    }

    public static String clockText(VectorClock clock) {
        StringBuilder sb = new StringBuilder(16 + clock.size() * 32).append('{');
        for (int i = 0; i < clock.size(); i++) {
            if (i > 0) sb.append(',');
            // writer ids match WRITER_ID (no quotes or backslashes), so no escaping is needed
            sb.append('"').append(clock.id(i)).append("\":").append(clock.count(i));
        }
        return sb.append('}').toString();
    }

    private static void writeClock(JsonGenerator g, VectorClock clock) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < clock.size(); i++) g.writeNumberField(clock.id(i), clock.count(i));
        g.writeEndObject();
    }

    // ------------------------------------------------------------------ replies to clients

    public static byte[] render(Reply reply) {
        return write(g -> {
            g.writeStartObject();
            if (reply instanceof Reply.Result result) {
                g.writeStringField("result", result.result());
                if (result.metadata().isPresent()) {
                    g.writeFieldName("causal-metadata");
                    writeClock(g, result.metadata().get());
                }
            } else if (reply instanceof Reply.Found found) {
                g.writeStringField("result", "found");
                g.writeFieldName("value");
                g.writeRawValue(found.valueJson());
                g.writeFieldName("causal-metadata");
                writeClock(g, found.metadata());
            } else if (reply instanceof Reply.Error error) {
                g.writeStringField("error", error.message());
            } else if (reply instanceof Reply.ViewList list) {
                g.writeArrayFieldStart("view");
                for (String address : list.view()) g.writeString(address);
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    public static byte[] error(String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /** A value as compact JSON text, the form the core stores. */
    public static String valueText(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ replica-to-replica messages

    public static byte[] encode(Message message) {
        return write(g -> {
            g.writeStartObject();
            if (message instanceof Message.Replicate m) {
                g.writeStringField("type", "replicate");
                g.writeStringField("origin", m.origin());
                g.writeArrayFieldStart("writes");
                for (Version v : m.writes()) writeVersion(g, v);
                g.writeEndArray();
                writeStamp(g, m.stamp());
            } else if (message instanceof Message.ReplicateAck m) {
                g.writeStringField("type", "replicate-ack");
                g.writeStringField("origin", m.origin());
                g.writeNumberField("through", m.acceptedThrough());
            } else if (message instanceof Message.SyncRequest m) {
                g.writeStringField("type", "sync");
                g.writeFieldName("applied");
                writeClock(g, m.applied());
                writeStamp(g, m.stamp());
            } else if (message instanceof Message.SyncReply m) {
                g.writeStringField("type", "sync-reply");
                g.writeArrayFieldStart("versions");
                for (Version v : m.versions()) writeVersion(g, v);
                g.writeEndArray();
                g.writeFieldName("applied");
                writeClock(g, m.applied());
                g.writeNumberField("lamport", m.lamport());
                g.writeBooleanField("complete", m.complete());
            } else if (message instanceof Message.SyncPage m) {
                g.writeStringField("type", "sync-page");
                g.writeFieldName("applied");
                writeClock(g, m.applied());
                writeCursor(g, "cursor", m.cursor());
                writeStamp(g, m.stamp());
            } else if (message instanceof Message.SyncPageReply m) {
                g.writeStringField("type", "sync-page-reply");
                g.writeArrayFieldStart("versions");
                for (Version v : m.versions()) writeVersion(g, v);
                g.writeEndArray();
                g.writeNumberField("lamport", m.lamport());
                writeCursor(g, "next", m.next());
                g.writeBooleanField("last", m.last());
                g.writeFieldName("applied");
                writeClock(g, m.applied());
            } else if (message instanceof Message.Ping m) {
                g.writeStringField("type", "ping");
                writeStamp(g, m.stamp());
            } else if (message instanceof Message.Pong) {
                g.writeStringField("type", "pong");
            } else if (message instanceof Message.Ack) {
                g.writeStringField("type", "ack");
            } else if (message instanceof Message.ViewAdd m) {
                g.writeStringField("type", "view-add");
                g.writeStringField("address", m.address());
                writeStamp(g, m.stamp());
            } else if (message instanceof Message.ViewRemove m) {
                g.writeStringField("type", "view-remove");
                g.writeStringField("address", m.address());
                writeStamp(g, m.stamp());
            } else if (message instanceof Message.Refused m) {
                g.writeStringField("type", "refused");
                g.writeStringField("reason", m.reason().wire());
                g.writeStringField("detail", m.detail());
            } else {
                throw new IllegalArgumentException("cannot encode " + message);
            }
            g.writeEndObject();
        });
    }

    private static void writeCursor(JsonGenerator g, String field, Message.SyncCursor cursor) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeFieldName("base");
        writeClock(g, cursor.base());
        g.writeFieldName("pass-start");
        writeClock(g, cursor.passStart());
        g.writeStringField("after", cursor.afterKey());
        g.writeEndObject();
    }

    private static Message.SyncCursor cursor(JsonNode node) throws BadBody {
        if (node == null || !node.isObject()) throw new BadBody("a cursor must be an object");
        return new Message.SyncCursor(requiredClock(node.get("base")), requiredClock(node.get("pass-start")),
                validUnicode(text(node, "after")));
    }

    private static boolean bool(JsonNode node, String field) throws BadBody {
        JsonNode value = required(node, field);
        if (!value.isBoolean()) throw new BadBody("field " + field + " must be true or false");
        return value.asBoolean();
    }

    private static void writeStamp(JsonGenerator g, LinkStamp stamp) throws IOException {
        g.writeObjectFieldStart("link");
        g.writeNumberField("incarnation", stamp.incarnation());
        g.writeNumberField("epoch", stamp.epoch());
        g.writeNumberField("peer-incarnation", stamp.peerIncarnation());
        g.writeNumberField("peer-epoch", stamp.peerEpoch());
        g.writeEndObject();
    }

    private static LinkStamp stamp(JsonNode node) throws BadBody {
        JsonNode link = required(node, "link");
        if (!link.isObject()) throw new BadBody("field link must be an object");
        return new LinkStamp(number(link, "incarnation"), number(link, "epoch"), number(link, "peer-incarnation"),
                number(link, "peer-epoch"));
    }

    /**
     * The body of a view change that one replica sends another ({@code PUT} or {@code DELETE /view}):
     * the API's {@code socket-address} plus the sender and its link stamp, which an operator's
     * request does not have.
     */
    public static byte[] viewChangeBody(String sender, Message message) {
        return write(g -> {
            g.writeStartObject();
            if (message instanceof Message.ViewAdd m) {
                g.writeStringField("socket-address", m.address());
                g.writeStringField("sender", sender);
                writeStamp(g, m.stamp());
            } else if (message instanceof Message.ViewRemove m) {
                g.writeStringField("socket-address", m.address());
                g.writeStringField("sender", sender);
                writeStamp(g, m.stamp());
            } else {
                throw new IllegalArgumentException("not a view change: " + message);
            }
            g.writeEndObject();
        });
    }

    /** A view change from a replica, as decoded from a {@code /view} body that names its sender. */
    public record PeerViewChange(String sender, Message message) {}

    /**
     * The replica's view change in a {@code /view} body ({@code add}: PUT, else DELETE), or empty
     * when the body has no {@code sender} (an operator's request). {@link BadBody} when it names a
     * sender but is not a well-formed view change.
     */
    public static Optional<PeerViewChange> peerViewChange(ObjectNode body, String address, boolean add) throws BadBody {
        if (!body.has("sender")) return Optional.empty();
        String sender = text(body, "sender");
        LinkStamp stamp = stamp(body);
        return Optional.of(new PeerViewChange(sender,
                add ? new Message.ViewAdd(address, stamp) : new Message.ViewRemove(address, stamp)));
    }

    private static void writeVersion(JsonGenerator g, Version v) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", v.key());
        g.writeStringField("origin", v.id().origin());
        g.writeNumberField("seq", v.id().seq());
        g.writeNumberField("lamport", v.lamport());
        g.writeFieldName("deps");
        writeClock(g, v.deps());
        if (v.tombstone()) {
            g.writeBooleanField("tombstone", true);
        } else {
            g.writeFieldName("value");
            g.writeRawValue(v.valueJson());
        }
        g.writeEndObject();
    }

    /** Decodes a peer's message; {@link BadBody} for anything that is not one. Values stay in the heap. */
    public static Message decode(byte[] body) throws BadBody {
        return decode(body, ValueText::of);
    }

    /**
     * Decodes a peer's message, each value of its versions made by {@code values} (the replica's
     * {@link ValueSpill}); {@link BadBody} for anything that is not one.
     */
    public static Message decode(byte[] body, Function<String, ValueText> values) throws BadBody {
        try (JsonParser p = MAPPER.createParser(body)) {
            return decode(p, values);
        } catch (IOException e) {
            throw new BadBody("Malformed JSON body");
        } catch (IllegalArgumentException e) {
            throw new BadBody("bad message: " + e.getMessage());
        }
    }

    /** Decodes a peer's message from a stream (a state-transfer page is read as it arrives). */
    public static Message decode(java.io.InputStream body) throws BadBody {
        try (JsonParser p = MAPPER.createParser(body)) {
            return decode(p, ValueText::of);
        } catch (IOException e) {
            throw new BadBody("Malformed JSON body: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadBody("bad message: " + e.getMessage());
        }
    }

    /**
     * One pass over the message: the arrays of versions are read token by token, so that their
     * values keep their exact text; every other field is read as a small tree.
     */
    private static Message decode(JsonParser p, Function<String, ValueText> values) throws IOException, BadBody {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new BadBody("a peer message must be a JSON object");
        ObjectNode node = MAPPER.createObjectNode();
        Map<String, List<Version>> arrays = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("writes") || field.equals("versions")) {
                arrays.put(field, versions(p, values));
            } else {
                node.set(field, p.readValueAsTree());
            }
        }
        if (p.nextToken() != null) throw new BadBody("unexpected data after the message");
        try {
            String type = text(node, "type");
            return switch (type) {
                case "replicate" -> new Message.Replicate(text(node, "origin"), requiredArray(arrays, "writes"), stamp(node));
                case "replicate-ack" -> new Message.ReplicateAck(text(node, "origin"), number(node, "through"));
                case "sync" -> new Message.SyncRequest(requiredClock(node.get("applied")), stamp(node));
                case "sync-reply" -> new Message.SyncReply(requiredArray(arrays, "versions"),
                        requiredClock(node.get("applied")), number(node, "lamport"), node.path("complete").asBoolean(false));
                case "sync-page" -> new Message.SyncPage(requiredClock(node.get("applied")), cursor(node.get("cursor")),
                        stamp(node));
                case "sync-page-reply" -> new Message.SyncPageReply(requiredArray(arrays, "versions"), number(node, "lamport"),
                        cursor(node.get("next")), bool(node, "last"), requiredClock(node.get("applied")));
                case "ping" -> new Message.Ping(stamp(node));
                case "pong" -> new Message.Pong();
                case "ack" -> new Message.Ack();
                case "view-add" -> new Message.ViewAdd(text(node, "address"), stamp(node));
                case "view-remove" -> new Message.ViewRemove(text(node, "address"), stamp(node));
                case "refused" -> new Message.Refused(Message.Refusal.ofWire(text(node, "reason"))
                        .orElseThrow(() -> new BadBody("unknown refusal")), text(node, "detail"));
                default -> throw new BadBody("unknown message type " + type);
            };
        } catch (IllegalArgumentException e) {
            throw new BadBody("bad message: " + e.getMessage());
        }
    }

    private static List<Version> requiredArray(Map<String, List<Version>> arrays, String field) throws BadBody {
        List<Version> versions = arrays.get(field);
        if (versions == null) throw new BadBody(field + " must be an array");
        return versions;
    }

    /** An array of versions, the parser on its first token; each value keeps its exact text. */
    private static List<Version> versions(JsonParser p, Function<String, ValueText> values) throws IOException, BadBody {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new BadBody("versions must be an array");
        List<Version> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) throw new BadBody("a version must be an object");
            ObjectNode v = MAPPER.createObjectNode();
            Optional<String> value = Optional.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                if (field.equals("value") && token != JsonToken.VALUE_NULL) {
                    value = Optional.of(exactText(p));
                } else {
                    v.set(field, p.readValueAsTree());
                }
            }
            out.add(version(v, value, values));
        }
        return out;
    }

    private static Version version(JsonNode v, Optional<String> value, Function<String, ValueText> values)
            throws BadBody {
        WriteId id = new WriteId(text(v, "origin"), number(v, "seq"));
        VectorClock deps = requiredClock(v.get("deps"));
        long lamport = number(v, "lamport");
        String key = validUnicode(text(v, "key"));
        if (v.path("tombstone").asBoolean(false)) return Version.tombstone(key, id, lamport, deps);
        return Version.value(key, id, lamport, deps, values.apply(value.orElseThrow(() -> new BadBody("missing field value"))));
    }

    private static VectorClock requiredClock(JsonNode node) throws BadBody {
        return clock(node).orElseThrow(() -> new BadBody("not a vector clock: " + node));
    }

    private static JsonNode required(JsonNode node, String field) throws BadBody {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) throw new BadBody("missing field " + field);
        return value;
    }

    private static String text(JsonNode node, String field) throws BadBody {
        JsonNode value = required(node, field);
        if (!value.isTextual()) throw new BadBody("field " + field + " must be a string");
        return value.asText();
    }

    private static long number(JsonNode node, String field) throws BadBody {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadBody("field " + field + " must be an integer in the 64-bit range");
        }
        return value.asLong();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
