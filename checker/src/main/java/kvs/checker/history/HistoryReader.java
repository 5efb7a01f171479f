package kvs.checker.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
 * Streams a history: one event at a time with Jackson's streaming parser, never the whole file
 * in memory. The first line must be the header {@code {"format":"kvs-history","version":2}} (or
 * version 1); every later non-blank line is one {@link HistoryEvent} or, from version 2 on, one
 * {@link FaultEvent} of a nemesis ({@code "type":"fault"}). A bad line stops the reading with a
 * {@link HistoryFormatException} that names its line number and the problem.
 *
 * <p>JSON values (a put's value, a read value, metadata) are kept as compact JSON text, so two
 * equal values written by the same writer compare equal as strings.
 */
public final class HistoryReader {
    private static final JsonFactory JSON = new JsonFactory();

    private HistoryReader() {}

    /** The events of {@code in}, read lazily; the caller closes {@code in}. */
    public static Events read(Reader in) {
        try {
            return new Events(new Parser(JSON.createParser(in), true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of a byte stream (UTF-8), read lazily; the caller closes {@code in}. */
    public static Events read(InputStream in) {
        try {
            return new Events(new Parser(JSON.createParser(in), true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of a file as a stream; close the stream to close the file. */
    public static Stream<HistoryEvent> stream(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
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

    /** Receives the events of {@link #forEach} without an object per event. */
    public interface Sink {
        /**
         * {@code e} is reused for the next event: copy what must be kept. A fault line comes as an
         * event whose {@link RawEvent#fault} is set ({@link RawEvent#isFault()}) and nothing else is.
         */
        void accept(RawEvent e, long lineNumber);
    }

    /**
     * The fastest way through a file: each event goes to {@code sink} in a reused holder;
     * metadata is skipped when {@code keepMetadata} is false.
     */
    public static void forEach(InputStream in, boolean keepMetadata, Sink sink) throws IOException {
        Parser parser = new Parser(JSON.createParser(in), keepMetadata);
        while (parser.next()) sink.accept(parser.event, parser.line);
    }

    /**
     * Like {@link #forEach}, for the part of a file that starts at a line boundary after the
     * header: no header is expected, and line numbers count from the part's first line (the
     * caller adds the lines before it).
     */
    public static void forEachInPart(InputStream in, boolean keepMetadata, Sink sink) throws IOException {
        Parser parser = new Parser(JSON.createParser(in), keepMetadata);
        parser.headerSeen = true;
        while (parser.next()) sink.accept(parser.event, parser.line);
    }

    /** Parses one event line (without the header); {@code lineNumber} is used in errors only. */
    public static HistoryEvent parseLine(String line, long lineNumber) {
        try {
            Parser p = new Parser(JSON.createParser(line), true);
            p.headerSeen = true;
            p.lineOffset = lineNumber - 1;
            if (!p.next()) throw new HistoryFormatException(lineNumber, "empty line");
            return p.event.toEvent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An iterator over the operations' events that knows the line of the event it last returned.
     * Fault lines are not returned: they are collected in {@link #faults()} as they are passed.
     */
    public static final class Events implements Iterator<HistoryEvent> {
        private final Parser parser;
        private final List<FaultEvent> faults = new ArrayList<>();
        private HistoryEvent next;
        private long lineNumber;
        private long nextLine;
        private boolean done;

        private Events(Parser parser) {
            this.parser = parser;
        }

        /** The fault lines read so far, in file order. */
        public List<FaultEvent> faults() {
            return Collections.unmodifiableList(faults);
        }

        /** The 1-based line number of the event last returned (0 before the first). */
        public long lineNumber() {
            return lineNumber;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (done) return false;
            try {
                while (true) {
                    if (!parser.next()) {
                        done = true;
                        return false;
                    }
                    if (!parser.event.isFault()) break;
                    faults.add(parser.event.fault);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            next = parser.event.toEvent();
            nextLine = parser.line;
            return true;
        }

        @Override
        public HistoryEvent next() {
            if (!hasNext()) throw new NoSuchElementException();
            HistoryEvent e = next;
            next = null;
            lineNumber = nextLine;
            return e;
        }
    }

    /** One streaming parser over the whole input; checks that each event has a line of its own. */
    private static final class Parser {
        private final JsonParser p;
        private final boolean keepMetadata;
        private final RawEvent event = new RawEvent();
        private final StringWriter buffer = new StringWriter(64);
        private boolean headerSeen;
        /** The file's format version; parts read without their header are taken as the newest. */
        private int version = HistoryFormat.VERSION;
        private long line;
        private long lastEndLine;
        private long lineOffset;

        Parser(JsonParser p, boolean keepMetadata) {
            this.p = p;
            this.keepMetadata = keepMetadata;
        }

        private long currentLine() {
            return lineOffset + p.currentTokenLocation().getLineNr();
        }

        /** Advances to the next event; false at the end of the input. */
        boolean next() throws IOException {
            long eventLine = -1;
            try {
                JsonToken t = p.nextToken();
                if (!headerSeen) {
                    if (t == null) throw new HistoryFormatException(1, "empty file: expected the header {\"format\":\""
                            + HistoryFormat.NAME + "\",\"version\":" + HistoryFormat.VERSION + "}");
                    header(t);
                    headerSeen = true;
                    t = p.nextToken();
                }
                if (t == null) return false;
                line = currentLine();
                if (line == lastEndLine) throw new HistoryFormatException(line, "two events on one line (one event per line)");
                if (t != JsonToken.START_OBJECT) throw new HistoryFormatException(line, "expected a JSON object, found " + t);
                eventLine = line;
                parseEvent();
                lastEndLine = currentLine();
                return true;
            } catch (JsonProcessingException e) {
                // Inside an event, blame the line where it began: an event has one line.
                long at = eventLine > 0 ? eventLine : e.getLocation() != null ? lineOffset + e.getLocation().getLineNr() : line;
                throw new HistoryFormatException(at, "invalid JSON: " + e.getOriginalMessage(), e);
            }
        }

        private void header(JsonToken first) throws IOException {
            long at = currentLine();
            if (first != JsonToken.START_OBJECT) throw new HistoryFormatException(at, "expected the header object");
            String format = null;
            int version = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("format")) format = p.getValueAsString();
                else if (name.equals("version")) version = p.getValueAsInt(-1);
                else p.skipChildren();
            }
            if (!HistoryFormat.NAME.equals(format)) {
                throw new HistoryFormatException(at, "not a history file: the first line must be the header "
                        + "{\"format\":\"" + HistoryFormat.NAME + "\",\"version\":" + HistoryFormat.VERSION + "}");
            }
            if (version < HistoryFormat.VERSION_MIN || version > HistoryFormat.VERSION) {
                throw new HistoryFormatException(at, "unsupported history version " + version + " (this reader knows "
                        + HistoryFormat.VERSION_MIN + " to " + HistoryFormat.VERSION + ")");
            }
            this.version = version;
            lastEndLine = currentLine();
        }

        private void parseEvent() throws IOException {
            RawEvent e = event;
            e.clear();
            boolean foundSeen = false;
            boolean isFault = false;
            long faultId = -1;
            String phase = null, faultKind = null, detail = "";
            List<String> targets = List.of();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> {
                        String word = cached(v, name);
                        if (word.equals("fault")) isFault = true;
                        else e.type = type(word);
                    }
                    case "unexpected" -> e.unexpected = v == JsonToken.VALUE_NULL ? null : text(v, name);
                    case "id" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT) throw bad("\"id\" must be an integer");
                        faultId = p.getLongValue();
                    }
                    case "phase" -> phase = text(v, name);
                    case "fault" -> faultKind = text(v, name);
                    case "detail" -> detail = text(v, name);
                    case "targets" -> targets = targets(v);
                    case "session" -> e.session = cached(v, name);
                    case "op" -> e.op = op(cached(v, name));
                    case "key" -> e.key = cached(v, name);
                    case "replica" -> e.replica = v == JsonToken.VALUE_NULL ? null : cached(v, name);
                    case "error" -> e.error = v == JsonToken.VALUE_NULL ? null : text(v, name);
                    case "value" -> e.value = compact(v);
                    case "metadata" -> {
                        if (keepMetadata && v != JsonToken.VALUE_NULL) e.metadata = compact(v);
                        else p.skipChildren();
                    }
                    case "found" -> {
                        e.found = bool(v, name);
                        foundSeen = true;
                    }
                    case "final" -> e.finalRead = bool(v, name);
                    case "time" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT) throw bad("\"time\" must be an integer (nanoseconds)");
                        e.timeNanos = p.getLongValue();
                    }
                    case "status" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT) throw bad("\"status\" must be an integer");
                        e.status = p.getIntValue();
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw bad("unexpected " + t + " in the event object");
            if (isFault) {
                e.fault = fault(faultId, phase, faultKind, targets, detail, e.timeNanos);
                return;
            }
            if (e.type == null) throw bad("missing field \"type\"");
            if (e.op == null) throw bad("missing field \"op\"");
            if (e.session == null) throw bad("missing field \"session\"");
            if (e.session.isEmpty()) throw bad("\"session\" must not be empty");
            if (e.key == null) throw bad("missing field \"key\"");
            if (e.timeNanos == Long.MIN_VALUE) throw bad("missing field \"time\"");
            if (e.op == HistoryEvent.Op.PUT && e.type == HistoryEvent.Type.INVOKE && e.value == null) {
                throw bad("a put's invocation needs its \"value\"");
            }
            if (e.op == HistoryEvent.Op.GET && e.type == HistoryEvent.Type.OK) {
                if (!foundSeen) e.found = e.value != null;
                if (e.found && e.value == null) throw bad("a get that found its key needs the \"value\" read");
            }
            if (e.op == HistoryEvent.Op.GET && e.type == HistoryEvent.Type.INVOKE && e.value != null) {
                throw bad("a get's invocation has no value");
            }
        }

        private FaultEvent fault(long id, String phase, String kind, List<String> targets, String detail, long time) {
            if (version < 2) throw bad("fault lines need history version 2 (the header says " + version + ")");
            if (id < 0) throw bad("a fault needs a non-negative integer \"id\"");
            if (kind == null) throw bad("missing field \"fault\" (the kind of fault)");
            if (time == Long.MIN_VALUE) throw bad("missing field \"time\"");
            FaultEvent.Phase ph = switch (phase == null ? "" : phase) {
                case "start" -> FaultEvent.Phase.START;
                case "end" -> FaultEvent.Phase.END;
                default -> throw bad("a fault's \"phase\" must be start or end");
            };
            try {
                return new FaultEvent(id, ph, kind, targets, detail, time);
            } catch (IllegalArgumentException ex) {
                throw bad(ex.getMessage());
            }
        }

        private List<String> targets(JsonToken v) throws IOException {
            if (v != JsonToken.START_ARRAY) throw bad("\"targets\" must be an array of strings");
            List<String> out = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) throw bad("\"targets\" must be an array of strings");
                if (out.size() == FaultEvent.TARGETS_MAX) throw bad("a fault names at most " + FaultEvent.TARGETS_MAX + " targets");
                out.add(p.getText());
            }
            return out;
        }

        private HistoryFormatException bad(String message) {
            return new HistoryFormatException(line, message);
        }

        private HistoryEvent.Type type(String s) {
            return switch (s) {
                case "invoke" -> HistoryEvent.Type.INVOKE;
                case "ok" -> HistoryEvent.Type.OK;
                case "fail" -> HistoryEvent.Type.FAIL;
                case "info" -> HistoryEvent.Type.INFO;
                default -> throw bad("\"type\" must be invoke, ok, fail, info or fault, not \"" + s + "\"");
            };
        }

        private HistoryEvent.Op op(String s) {
            return switch (s) {
                case "put" -> HistoryEvent.Op.PUT;
                case "get" -> HistoryEvent.Op.GET;
                case "delete" -> HistoryEvent.Op.DELETE;
                default -> throw bad("\"op\" must be put, get or delete, not \"" + s + "\"");
            };
        }

        private String compact(JsonToken v) throws IOException {
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

        /**
         * Sessions, keys, replicas and the type and op words repeat on every line: one String for
         * each distinct text, from a small table, instead of a new one per line.
         */
        private final String[] cache = new String[1 << 14];

        private String cached(JsonToken v, String name) throws IOException {
            if (v != JsonToken.VALUE_STRING) throw bad("\"" + name + "\" must be a string");
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset(), length = p.getTextLength();
            if (length > 64) return p.getText();
            int hash = length;
            for (int i = 0; i < length; i++) hash = 31 * hash + chars[offset + i];
            int slot = (hash ^ (hash >>> 15)) & (cache.length - 1);
            String known = cache[slot];
            if (known != null && known.length() == length) {
                boolean same = true;
                for (int i = 0; i < length && same; i++) same = known.charAt(i) == chars[offset + i];
                if (same) return known;
            }
            String fresh = new String(chars, offset, length);
            cache[slot] = fresh;
            return fresh;
        }

        private String text(JsonToken v, String name) throws IOException {
            if (v != JsonToken.VALUE_STRING) throw bad("\"" + name + "\" must be a string");
            return p.getText();
        }

        private boolean bool(JsonToken v, String name) {
            if (v == JsonToken.VALUE_TRUE) return true;
            if (v == JsonToken.VALUE_FALSE) return false;
            throw bad("\"" + name + "\" must be true or false");
        }
    }
}
