package kvs.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kvs.checker.causal.History;

/** Format 2: fault lines of a nemesis and unexpected answers, read back as written, ignored by verdicts. */
class FaultLinesTest {
    private static final HistoryEvent PUT = HistoryEvent.invoke("s1", HistoryEvent.Op.PUT, "x", Optional.of("1"),
            Optional.of("10.0.0.2:8090"), Optional.empty(), 5, false);
    private static final FaultEvent CUT = FaultEvent.start(7, "partition", List.of("10.0.0.2:8090", "10.0.0.3:8090"),
            "isolate 1 | 2,3", 3);

    private static String written(List<Object> lines) {
        StringWriter text = new StringWriter();
        HistoryWriter w = new HistoryWriter(text);
        for (Object o : lines) {
            if (o instanceof FaultEvent f) w.write(f);
            else w.write((HistoryEvent) o);
        }
        return text.toString();
    }

    @Test
    void faultLinesAreReadBackAsWrittenAndSkippedByTheEventIterator() {
        HistoryEvent done = PUT.complete(HistoryEvent.Type.INFO, Optional.of("1"), false, Optional.of("10.0.0.2:8090"),
                Optional.empty(), 9, 500, Optional.empty()).withUnexpected("HTTP 500 text/html: <html><body>Internal");
        String text = written(List.of(CUT, PUT, CUT.end(8), done));
        assertTrue(text.startsWith("{\"format\":\"kvs-history\",\"version\":2}\n"), text);
        HistoryReader.Events events = HistoryReader.read(new StringReader(text));
        List<HistoryEvent> ops = new ArrayList<>();
        events.forEachRemaining(ops::add);
        assertEquals(List.of(PUT, done), ops);
        assertEquals(List.of(CUT, CUT.end(8)), events.faults());
        assertEquals(Optional.of("HTTP 500 text/html: <html><body>Internal"), ops.get(1).unexpected());
    }

    @Test
    void theCompactHistoryKeepsFaultsByTimeAndCountsUnexpectedAnswers() throws IOException {
        HistoryEvent done = PUT.complete(HistoryEvent.Type.OK, Optional.of("1"), false, Optional.of("10.0.0.2:8090"),
                Optional.empty(), 9, 201, Optional.empty()).withUnexpected("HTTP 201 text/html: {}");
        String text = written(List.of(PUT, CUT.end(8), CUT, done));
        History h = new History();
        HistoryReader.forEach(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false, h::add);
        assertEquals(1, h.size());
        assertEquals(List.of(CUT, CUT.end(8)), h.faults());
        assertEquals(1, h.unexpectedCount());
        assertEquals(0, h.unexpectedOp(0));
        assertEquals("HTTP 201 text/html: {}", h.unexpectedText(0));
    }

    @Test
    void version1FilesAreStillReadButCannotHoldFaults() {
        String v1 = "{\"format\":\"kvs-history\",\"version\":1}\n"
                + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"get\",\"key\":\"x\",\"time\":1}\n";
        assertEquals(1, HistoryReader.read(new StringReader(v1)).next().timeNanos());
        String fault = "{\"format\":\"kvs-history\",\"version\":1}\n"
                + "{\"type\":\"fault\",\"id\":1,\"phase\":\"start\",\"fault\":\"kill\",\"targets\":[],\"time\":1}\n";
        HistoryFormatException e = assertThrows(HistoryFormatException.class,
                () -> HistoryReader.read(new StringReader(fault)).hasNext());
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void aBadFaultLineIsNamedWithItsLine() {
        String header = "{\"format\":\"kvs-history\",\"version\":2}\n";
        for (String[] bad : new String[][] {
                {"{\"type\":\"fault\",\"id\":1,\"phase\":\"begin\",\"fault\":\"kill\",\"time\":1}", "start or end"},
                {"{\"type\":\"fault\",\"id\":1,\"phase\":\"start\",\"time\":1}", "\"fault\""},
                {"{\"type\":\"fault\",\"phase\":\"start\",\"fault\":\"kill\",\"time\":1}", "\"id\""},
                {"{\"type\":\"fault\",\"id\":1,\"phase\":\"start\",\"fault\":\"kill\",\"targets\":[1],\"time\":1}", "array of strings"},
                {"{\"type\":\"fault\",\"id\":1,\"phase\":\"start\",\"fault\":\"kill\"}", "\"time\""}}) {
            HistoryFormatException e = assertThrows(HistoryFormatException.class,
                    () -> HistoryReader.read(new StringReader(header + bad[0] + "\n")).hasNext(), bad[0]);
            assertEquals(2, e.lineNumber(), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void aVersionFromTheFutureIsRefused() {
        String v3 = "{\"format\":\"kvs-history\",\"version\":3}\n";
        HistoryFormatException e = assertThrows(HistoryFormatException.class,
                () -> HistoryReader.read(new StringReader(v3)).hasNext());
        assertTrue(e.getMessage().contains("unsupported history version 3"), e.getMessage());
    }
}
