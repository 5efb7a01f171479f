package kvs.checker.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Streams a history file: one line at a time, never the whole file in memory. The first
 * non-blank line must be the header {@code {"format":"kvs-history","version":1}}; every later
 * non-blank line is one {@link HistoryEvent}. A bad line stops the reading with a
 * {@link HistoryFormatException} that names the line number and the problem.
 *
 * <p>JSON values (a put's value, a read value, metadata) are kept as compact JSON text, so two
 * equal values written by the same writer compare equal as strings.
 */
public final class HistoryReader {
    private static final JsonFactory JSON = new JsonFactory();

    private HistoryReader() {}

    /** The events of {@code in}, read lazily; the caller closes {@code in}. */
    public static Events read(Reader in) {
        return new Events(in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16));
    }

    /** The events of a file as a stream; close the stream to close the file. */
    public static Stream<HistoryEvent> stream(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        Events events = read(in);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        in.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Parses one event line (without the header); {@code lineNumber} is used in errors only. */
    public static HistoryEvent parseLine(String line, long lineNumber) {
        return new LineParser().parse(line, lineNumber);
    }

    /** An iterator over the events that knows the line it last read. */
    public static final class Events implements Iterator<HistoryEvent> {
        private final BufferedReader in;
        private final LineParser parser = new LineParser();
        private long lineNumber;
        private boolean headerSeen;
        private HistoryEvent next;
        private boolean done;

        private Events(BufferedReader in) {
            this.in = in;
        }

        /** The 1-based number of the line of the event last returned (0 before the first). */
        public long lineNumber() {
            return lineNumber;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (done) return false;
            String line;
            while ((line = readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) continue;
                if (!headerSeen) {
                    checkHeader(line, lineNumber);
                    headerSeen = true;
                    continue;
                }
                next = parser.parse(line, lineNumber);
                return true;
            }
            if (!headerSeen) throw new HistoryFormatException(Math.max(1, lineNumber), "empty file: expected the header "
                    + "{\"format\":\"" + HistoryFormat.NAME + "\",\"version\":" + HistoryFormat.VERSION + "}");
            done = true;
            return false;
        }

        @Override
        public HistoryEvent next() {
            if (!hasNext()) throw new NoSuchElementException();
            HistoryEvent e = next;
            next = null;
            return e;
        }

        private String readLine() {
            try {
                return in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void checkHeader(String line, long lineNumber) {
        String format = null;
        int version = -1;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new HistoryFormatException(lineNumber, "expected the header object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("format")) format = p.getValueAsString();
                else if (name.equals("version")) version = p.getValueAsInt(-1);
                else p.skipChildren();
            }
        } catch (IOException e) {
            throw new HistoryFormatException(lineNumber, "the header is not valid JSON: " + e.getMessage(), e);
        }
        if (!HistoryFormat.NAME.equals(format)) {
            throw new HistoryFormatException(lineNumber, "not a history file: the header must have \"format\":\""
                    + HistoryFormat.NAME + "\"");
        }
        if (version != HistoryFormat.VERSION) {
            throw new HistoryFormatException(lineNumber, "unsupported history version " + version + " (this reader knows "
                    + HistoryFormat.VERSION + ")");
        }
    }

    /** Reuses one text buffer to render nested JSON values compactly. */
    private static final class LineParser {
        private final StringWriter buffer = new StringWriter(64);

        HistoryEvent parse(String line, long lineNumber) {
            String type = null, session = null, op = null, key = null, replica = null, error = null;
            String value = null, metadata = null;
            boolean found = false, isFinal = false, foundSeen = false;
            long time = Long.MIN_VALUE;
            int status = 0;
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new HistoryFormatException(lineNumber, "expected a JSON object");
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "type" -> type = text(p, v, name, lineNumber);
                        case "session" -> session = text(p, v, name, lineNumber);
                        case "op" -> op = text(p, v, name, lineNumber);
                        case "key" -> key = text(p, v, name, lineNumber);
                        case "replica" -> replica = v == JsonToken.VALUE_NULL ? null : text(p, v, name, lineNumber);
                        case "error" -> error = v == JsonToken.VALUE_NULL ? null : text(p, v, name, lineNumber);
                        case "value" -> value = compact(p, v);
                        case "metadata" -> metadata = v == JsonToken.VALUE_NULL ? null : compact(p, v);
                        case "found" -> {
                            found = bool(v, name, lineNumber);
                            foundSeen = true;
                        }
                        case "final" -> isFinal = bool(v, name, lineNumber);
                        case "time" -> {
                            if (v != JsonToken.VALUE_NUMBER_INT) throw new HistoryFormatException(lineNumber, "\"time\" must be an integer (nanoseconds)");
                            time = p.getLongValue();
                        }
                        case "status" -> {
                            if (v != JsonToken.VALUE_NUMBER_INT) throw new HistoryFormatException(lineNumber, "\"status\" must be an integer");
                            status = p.getIntValue();
                        }
                        default -> p.skipChildren();
                    }
                }
                if (t != JsonToken.END_OBJECT) throw new HistoryFormatException(lineNumber, "unexpected " + t + " in the event object");
                if (p.nextToken() != null) throw new HistoryFormatException(lineNumber, "text after the event object");
            } catch (JsonProcessingException e) {
                throw new HistoryFormatException(lineNumber, "invalid JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            HistoryEvent.Type eventType = switch (require(type, "type", lineNumber)) {
                case "invoke" -> HistoryEvent.Type.INVOKE;
                case "ok" -> HistoryEvent.Type.OK;
                case "fail" -> HistoryEvent.Type.FAIL;
                case "info" -> HistoryEvent.Type.INFO;
                default -> throw new HistoryFormatException(lineNumber, "\"type\" must be invoke, ok, fail or info, not \"" + type + "\"");
            };
            HistoryEvent.Op eventOp = switch (require(op, "op", lineNumber)) {
                case "put" -> HistoryEvent.Op.PUT;
                case "get" -> HistoryEvent.Op.GET;
                case "delete" -> HistoryEvent.Op.DELETE;
                default -> throw new HistoryFormatException(lineNumber, "\"op\" must be put, get or delete, not \"" + op + "\"");
            };
            require(session, "session", lineNumber);
            if (session.isEmpty()) throw new HistoryFormatException(lineNumber, "\"session\" must not be empty");
            require(key, "key", lineNumber);
            if (time == Long.MIN_VALUE) throw new HistoryFormatException(lineNumber, "missing field \"time\"");
            if (eventOp == HistoryEvent.Op.PUT && value == null) {
                throw new HistoryFormatException(lineNumber, "a put needs its \"value\"");
            }
            if (eventOp == HistoryEvent.Op.GET && eventType == HistoryEvent.Type.OK) {
                if (!foundSeen) found = value != null;
                if (found && value == null) throw new HistoryFormatException(lineNumber, "a get that found its key needs the \"value\" read");
            }
            return new HistoryEvent(eventType, session, eventOp, key, Optional.ofNullable(value), found,
                    Optional.ofNullable(replica), Optional.ofNullable(metadata), time, isFinal, status, Optional.ofNullable(error));
        }

        private String compact(JsonParser p, JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE
                    || v == JsonToken.VALUE_NULL) {
                return p.getText();
            }
            buffer.getBuffer().setLength(0);
            try (JsonGenerator g = JSON.createGenerator(buffer)) {
                g.copyCurrentStructure(p);
            }
            return buffer.toString();
        }

        private static String text(JsonParser p, JsonToken v, String name, long lineNumber) throws IOException {
            if (v != JsonToken.VALUE_STRING) throw new HistoryFormatException(lineNumber, "\"" + name + "\" must be a string");
            return p.getText();
        }

        private static boolean bool(JsonToken v, String name, long lineNumber) {
            if (v == JsonToken.VALUE_TRUE) return true;
            if (v == JsonToken.VALUE_FALSE) return false;
            throw new HistoryFormatException(lineNumber, "\"" + name + "\" must be true or false");
        }

        private static String require(String field, String name, long lineNumber) {
            if (field == null) throw new HistoryFormatException(lineNumber, "missing field \"" + name + "\"");
            return field;
        }
    }
}
