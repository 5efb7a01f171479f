package kvs.checker.history;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes a history as JSON Lines: the header first, then one event a line, fields in a fixed
 * order so that the same events always give the same bytes. Not thread-safe: callers that record
 * from several threads synchronize around {@link #write}.
 */
public final class HistoryWriter implements Closeable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;

    public HistoryWriter(Writer out) {
        this(out, true);
    }

    /** @param writeHeader false when appending to a file that already has its header */
    public HistoryWriter(Writer out, boolean writeHeader) {
        this.out = out;
        if (writeHeader) {
            line("{\"format\":\"" + HistoryFormat.NAME + "\",\"version\":" + HistoryFormat.VERSION + "}");
        }
    }

    public void write(HistoryEvent event) {
        line(render(event));
    }

    public void write(FaultEvent fault) {
        line(render(fault));
    }

    /** One fault as its line of JSON, without the newline. */
    public static String render(FaultEvent f) {
        java.io.StringWriter text = new java.io.StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("type", "fault");
            g.writeNumberField("id", f.id());
            g.writeStringField("phase", f.phase().wire());
            g.writeStringField("fault", f.fault());
            g.writeArrayFieldStart("targets");
            for (String t : f.targets()) g.writeString(t);
            g.writeEndArray();
            if (!f.detail().isEmpty()) g.writeStringField("detail", f.detail());
            g.writeNumberField("time", f.timeNanos());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    /** One event as its line of JSON, without the newline. */
    public static String render(HistoryEvent e) {
        java.io.StringWriter text = new java.io.StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("type", e.type().wire());
            g.writeStringField("session", e.session());
            g.writeStringField("op", e.op().wire());
            g.writeStringField("key", e.key());
            if (e.valueJson().isPresent()) {
                g.writeFieldName("value");
                g.writeRawValue(e.valueJson().get());
            }
            if (e.op() == HistoryEvent.Op.GET && e.type() == HistoryEvent.Type.OK) g.writeBooleanField("found", e.found());
            if (e.replica().isPresent()) g.writeStringField("replica", e.replica().get());
            if (e.metadataJson().isPresent()) {
                g.writeFieldName("metadata");
                g.writeRawValue(e.metadataJson().get());
            }
            g.writeNumberField("time", e.timeNanos());
            if (e.finalRead()) g.writeBooleanField("final", true);
            if (e.status() != 0) g.writeNumberField("status", e.status());
            if (e.error().isPresent()) g.writeStringField("error", e.error().get());
            if (e.unexpected().isPresent()) g.writeStringField("unexpected", e.unexpected().get());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    private void line(String text) {
        try {
            out.write(text);
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
