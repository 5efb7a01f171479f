package kvs.checker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HistoryReaderTest {
    private static final String HEADER = "{\"format\":\"kvs-history\",\"version\":1}\n";

    private static List<HistoryEvent> readAll(String text) {
        List<HistoryEvent> out = new ArrayList<>();
        HistoryReader.read(new StringReader(text)).forEachRemaining(out::add);
        return out;
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBack() {
        HistoryEvent put = HistoryEvent.invoke("s1", HistoryEvent.Op.PUT, "x", Optional.of("{\"a\":[1,2]}"),
                Optional.of("10.0.0.2:8090"), Optional.of("{\"vc\":{\"r1\":3}}"), 5, false);
        HistoryEvent done = put.complete(HistoryEvent.Type.OK, Optional.of("{\"a\":[1,2]}"), false, Optional.of("10.0.0.2:8090"),
                Optional.of("{\"vc\":{\"r1\":4}}"), 9, 201, Optional.empty());
        HistoryEvent get = HistoryEvent.invoke("s1", HistoryEvent.Op.GET, "x", Optional.empty(), Optional.empty(),
                Optional.empty(), 10, true);
        HistoryEvent read = get.complete(HistoryEvent.Type.OK, Optional.of("\"caf\u00e9\""), true, Optional.of("r2"),
                Optional.empty(), 12, 200, Optional.empty());
        HistoryEvent info = get.complete(HistoryEvent.Type.INFO, Optional.empty(), false, Optional.empty(), Optional.empty(), 13,
                0, Optional.of("timeout"));
        StringWriter text = new StringWriter();
        HistoryWriter w = new HistoryWriter(text);
        for (HistoryEvent e : List.of(put, done, get, read, info)) w.write(e);
        assertEquals(List.of(put, done, get, read, info), readAll(text.toString()));
    }

    @Test
    void aBadLineIsReportedWithItsLineNumber() {
        String text = HEADER + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"get\",\"key\":\"x\",\"time\":1}\n"
                + "\n" + "{\"type\":\"ok\",\"session\":\"a\",\"op\":\"get\",\"key\":\"x\",\"time\":2,\n";
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> readAll(text));
        assertTrue(e.getMessage().startsWith("line 4"), e.getMessage());
    }

    @Test
    void anUnknownOperationIsReportedWithItsLineNumber() {
        String text = HEADER + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"cas\",\"key\":\"x\",\"time\":1}\n";
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> readAll(text));
        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().contains("\"op\" must be put, get or delete"), e.getMessage());
    }

    @Test
    void aMissingFieldIsNamed() {
        String text = HEADER + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"get\",\"key\":\"x\"}\n";
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> readAll(text));
        assertTrue(e.getMessage().contains("missing field \"time\""), e.getMessage());
    }

    @Test
    void twoEventsOnOneLineAreRejected() {
        String line = "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"get\",\"key\":\"x\",\"time\":1}";
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> readAll(HEADER + line + line + "\n"));
        assertTrue(e.getMessage().contains("one event per line"), e.getMessage());
    }

    @Test
    void aFileWithoutTheHeaderIsNotAHistory() {
        HistoryFormatException e = assertThrows(HistoryFormatException.class,
                () -> readAll("{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"get\",\"key\":\"x\",\"time\":1}\n"));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        assertThrows(HistoryFormatException.class, () -> readAll(""));
        assertThrows(HistoryFormatException.class, () -> readAll("{\"format\":\"kvs-history\",\"version\":7}\n"));
    }

    @Test
    void valuesAreKeptAsCompactJsonText() {
        String text = HEADER + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"put\",\"key\":\"x\",\"value\": { \"b\" : [ 1 , true ] },\"time\":1}\n";
        HistoryEvent e = readAll(text).get(0);
        assertEquals(Optional.of("{\"b\":[1,true]}"), e.valueJson());
        assertFalse(e.finalRead());
    }

    @Test
    void aPutsCompletionMayOmitTheValueItsInvocationNamedButAnInvocationMayNot() throws Exception {
        String ok = HEADER
                + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"put\",\"key\":\"x\",\"value\":1,\"time\":1}\n"
                + "{\"type\":\"fail\",\"session\":\"a\",\"op\":\"put\",\"key\":\"x\",\"time\":2,\"status\":503}\n"
                + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"put\",\"key\":\"x\",\"value\":2,\"time\":3}\n"
                + "{\"type\":\"ok\",\"session\":\"a\",\"op\":\"put\",\"key\":\"x\",\"time\":4,\"status\":200}\n";
        assertEquals(4, readAll(ok).size());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("history", ".jsonl");
        try {
            java.nio.file.Files.writeString(file, ok);
            assertEquals(kvs.checker.Verdict.VALID, kvs.checker.Checker.check(file, kvs.checker.CheckOptions.defaults()).verdict());
        } finally {
            java.nio.file.Files.delete(file);
        }
        String bad = HEADER + "{\"type\":\"invoke\",\"session\":\"a\",\"op\":\"put\",\"key\":\"x\",\"time\":1}\n";
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> readAll(bad));
        assertTrue(e.getMessage().contains("needs its \"value\""), e.getMessage());
    }
}
