package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryWriter;
import kvs.checker.tools.Generator;

/**
 * The exports against the grammars documented in docs/checker.md: Plume's line format, and a
 * Jepsen history of Elle's rw-register workload in EDN, each line parsed by a small parser of
 * exactly that grammar; what the formats cannot represent is left out and said.
 */
class ExportFormatsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run export(Hist h, String... options) throws IOException {
        Path file = dir.resolve("h.jsonl");
        write(h.events(), file);
        return exportFile(file, options);
    }

    private static Run exportFile(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("export"));
        args.addAll(List.of(options));
        args.add(file.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void write(List<HistoryEvent> events, Path file) throws IOException {
        try (HistoryWriter writer = new HistoryWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            for (HistoryEvent e : events) writer.write(e);
        }
    }

    /** A history that both formats represent in full: puts, reads, an absent read of a never-deleted key, fail and info outcomes. */
    private static Hist faithful() {
        Hist h = new Hist();
        h.put("A", "x", "\"v\"");
        h.get("B", "x", "\"v\"");
        h.getAbsent("B", "y");
        h.putFail("A", "y", "7");
        h.putInfo("C", "x", "8");
        h.get("B", "x", "8");
        h.getInfo("D", "y");
        return h;
    }

    // ---- Plume: each line is [rw]\(key,value,session,txn\), four non-negative integers ------------

    private static final Pattern PLUME_LINE = Pattern.compile("([rw])\\((0|[1-9][0-9]*),(0|[1-9][0-9]*),(0|[1-9][0-9]*),(0|[1-9][0-9]*)\\)");

    private static List<long[]> parsePlume(String text) {
        List<long[]> ops = new ArrayList<>();
        assertTrue(text.isEmpty() || text.endsWith("\n"), "every line ends with a newline");
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            Matcher m = PLUME_LINE.matcher(line);
            assertTrue(m.matches(), () -> "not a Plume line: " + line);
            ops.add(new long[] {m.group(1).equals("w") ? 1 : 0, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5))});
        }
        return ops;
    }

    @Test
    void aHistoryPlumeCanRepresentIsExportedWholeAndExitsZeroSilently() throws IOException {
        Run r = export(faithful(), "--format", "plume");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<long[]> ops = parsePlume(r.out());
        // put x=v; B reads v; B reads y absent (0); the failed put is left out; C's info put (read later) is a write; B reads 8.
        assertEquals("w(1,1,0,0)\nr(1,1,1,1)\nr(2,0,1,2)\nw(1,3,2,3)\nr(1,3,1,4)\n", r.out());
        for (int i = 0; i < ops.size(); i++) assertEquals(i, ops.get(i)[4], "transactions are numbered in order");
    }

    @Test
    void deletesAbsentReadsAfterThemAndFinalReadsAreLeftOutAndSaid() throws IOException {
        Hist h = new Hist();
        h.put("A", "x", "1");
        h.delete("A", "x");
        h.getAbsent("B", "x");
        h.getAbsent("B", "z");
        h.finalGet("F", "z", "9");
        h.put("A", "z", "9");
        for (String format : List.of("plume", "elle")) {
            Run r = export(h, "--format", format);
            assertEquals(2, r.code(), format + ": an incomplete export is not a success");
            assertTrue(r.err().contains("1 delete(s) left out"), r.err());
            assertTrue(r.err().contains("1 absent read(s) of keys that have deletes left out"), r.err());
            assertTrue(r.err().contains("1 final read(s) exported as ordinary reads"), r.err());
            assertTrue(r.err().contains("--lossy"), r.err());
            Run lossy = export(h, "--format", format, "--lossy");
            assertEquals(0, lossy.code());
            assertTrue(lossy.err().contains("1 delete(s) left out"), "--lossy still says what was left out");
            assertEquals(r.out(), lossy.out());
        }
        // Plume: the put, the absent read of z (never deleted: the initial value), the final read, the put of z.
        assertEquals("w(1,1,0,0)\nr(2,0,1,1)\nr(2,2,2,2)\nw(2,2,0,3)\n", export(h, "--format", "plume", "--lossy").out());
    }

    // ---- Elle: EDN maps {:index I, :time T, :type :invoke|:ok|:fail|:info, :process P, :f :txn, :value [[:r|:w k v]]}

    /** A parser of the EDN subset the export uses: maps with keyword keys, keywords, integers, nil, vectors. */
    private static final class Edn {
        private final String s;
        private int i;

        Edn(String s) {
            this.s = s;
        }

        static Object parseLine(String line) {
            Edn p = new Edn(line);
            Object v = p.value();
            assertEquals(line.length(), p.i, () -> "trailing text in " + line);
            return v;
        }

        private Object value() {
            char c = s.charAt(i);
            if (c == '{') return map();
            if (c == '[') return vector();
            if (c == ':') return keyword();
            if (s.startsWith("nil", i)) {
                i += 3;
                return null;
            }
            int start = i;
            if (c == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            assertTrue(i > start, () -> "not an EDN value at " + start + " in " + s);
            return Long.parseLong(s.substring(start, i));
        }

        private Map<String, Object> map() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            while (s.charAt(i) != '}') {
                String key = keyword();
                expect(' ');
                assertFalse(m.containsKey(key), "no key twice");
                m.put(key, value());
                if (s.charAt(i) == ',') {
                    i++;
                    expect(' ');
                }
            }
            i++;
            return m;
        }

        private List<Object> vector() {
            List<Object> v = new ArrayList<>();
            i++;
            while (s.charAt(i) != ']') {
                v.add(value());
                if (s.charAt(i) == ' ') i++;
            }
            i++;
            return v;
        }

        private String keyword() {
            expect(':');
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-')) i++;
            assertTrue(i > start, "a keyword has a name");
            return ":" + s.substring(start, i);
        }

        private void expect(char c) {
            assertEquals(c, s.charAt(i), () -> "expected '" + c + "' at " + i + " in " + s);
            i++;
        }
    }

    /** Parses an Elle export and checks the grammar and Jepsen's rules; returns the events. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parseElle(String text) {
        List<Map<String, Object>> events = new ArrayList<>();
        Map<Long, List<Object>> open = new TreeMap<>();
        java.util.Set<Long> ended = new java.util.TreeSet<>();
        long lastTime = Long.MIN_VALUE;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            Map<String, Object> e = (Map<String, Object>) Edn.parseLine(line);
            assertEquals(List.of(":index", ":time", ":type", ":process", ":f", ":value"), new ArrayList<>(e.keySet()), line);
            assertEquals((long) events.size(), e.get(":index"), "indices count events from 0");
            long time = (Long) e.get(":time");
            assertTrue(time >= lastTime, "events are in time order");
            lastTime = time;
            assertEquals(":txn", e.get(":f"));
            String type = (String) e.get(":type");
            assertTrue(List.of(":invoke", ":ok", ":fail", ":info").contains(type), type);
            List<Object> txn = (List<Object>) e.get(":value");
            assertEquals(1, txn.size(), "one micro-operation per transaction");
            List<Object> mop = (List<Object>) txn.get(0);
            assertEquals(3, mop.size());
            assertTrue(mop.get(0).equals(":r") || mop.get(0).equals(":w"), line);
            assertTrue(mop.get(1) instanceof Long && (Long) mop.get(1) >= 1, "keys are positive integers");
            if (mop.get(0).equals(":w")) assertTrue(mop.get(2) instanceof Long, "a write has a value");
            long process = (Long) e.get(":process");
            if (type.equals(":invoke")) {
                assertFalse(ended.contains(process), "a process never invokes after an :info");
                assertNull(open.put(process, mop), "a process has one operation open at a time");
                if (mop.get(0).equals(":r")) assertNull(mop.get(2), "a read's invocation carries nil");
            } else {
                List<Object> invoked = open.remove(process);
                assertTrue(invoked != null, "a completion follows its invocation");
                assertEquals(invoked.get(0), mop.get(0));
                assertEquals(invoked.get(1), mop.get(1));
                if (mop.get(0).equals(":w")) assertEquals(invoked.get(2), mop.get(2), "a write completes with its value");
                if (!type.equals(":ok") && mop.get(0).equals(":r")) assertNull(mop.get(2), "only an ok read has a value");
                if (type.equals(":info")) ended.add(process);
            }
            events.add(e);
        }
        return events;
    }

    @Test
    void aHistoryElleCanRepresentIsExportedWholeAsAJepsenHistory() throws IOException {
        Run r = export(faithful(), "--format", "elle");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<Map<String, Object>> events = parseElle(r.out());
        assertEquals(14, events.size(), "seven operations, each invoked and completed");
        assertTrue(r.out().startsWith("{:index 0, :time 1000, :type :invoke, :process 0, :f :txn, :value [[:w 1 1]]}\n"
                + "{:index 1, :time 1500, :type :ok, :process 0, :f :txn, :value [[:w 1 1]]}\n"
                + "{:index 2, :time 2000, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil]]}\n"
                + "{:index 3, :time 2500, :type :ok, :process 1, :f :txn, :value [[:r 1 1]]}\n"
                + "{:index 4, :time 3000, :type :invoke, :process 1, :f :txn, :value [[:r 2 nil]]}\n"
                + "{:index 5, :time 3500, :type :ok, :process 1, :f :txn, :value [[:r 2 nil]]}\n"), r.out());
        assertTrue(r.out().contains(":type :fail, :process 0, :f :txn, :value [[:w 2 2]]}"), "a failed put is :fail");
        assertTrue(r.out().contains(":type :info, :process 2, :f :txn, :value [[:w 1 3]]}"), "an info put is :info");
        assertTrue(r.out().contains(":type :info, :process 3, :f :txn, :value [[:r 2 nil]]}"), "an info get is :info, nothing read");
    }

    @Test
    void generatedHistoriesWithInfoOutcomesExportToTheGrammar() throws IOException {
        Path file = dir.resolve("g.jsonl");
        Generator.generate(Generator.Params.of(3000, 6, 20, 3, 11).withInfoShare(0.02), file);
        Run elle = exportFile(file, "--format", "elle", "--lossy");
        assertEquals(0, elle.code(), elle.err());
        List<Map<String, Object>> events = parseElle(elle.out());
        assertTrue(events.size() > 4000, "most operations are exported");
        Run plume = exportFile(file, "--format", "plume", "--lossy");
        assertEquals(0, plume.code(), plume.err());
        assertTrue(parsePlume(plume.out()).size() > 2000);
        assertEquals(2, exportFile(file, "--format", "plume").code(), "generated histories have deletes and final reads");
    }

    @Test
    void faultEventsOfTheNemesisAreLeftOutAndSaid() throws IOException {
        Path file = dir.resolve("f.jsonl");
        try (HistoryWriter writer = new HistoryWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            List<HistoryEvent> events = faithful().events();
            for (int i = 0; i < events.size(); i++) {
                if (i == 2) writer.write(kvs.checker.history.FaultEvent.start(1, "partition", List.of("10.10.0.2:8090"), "isolate 1", 1900));
                writer.write(events.get(i));
            }
            writer.write(kvs.checker.history.FaultEvent.start(1, "partition", List.of("10.10.0.2:8090"), "isolate 1", 1900).end(9000));
        }
        for (String format : List.of("plume", "elle")) {
            Run r = exportFile(file, "--format", format);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("2 nemesis fault event(s) left out"), r.err());
            Run lossy = exportFile(file, "--format", format, "--lossy");
            assertEquals(0, lossy.code());
            Path plain = dir.resolve("plain.jsonl");
            write(faithful().events(), plain);
            assertEquals(exportFile(plain, "--format", format).out(), lossy.out(), "the operations are exported as without faults");
        }
    }

    @Test
    void anUnknownFormatIsAUsageError() throws IOException {
        Run r = export(faithful(), "--format", "knossos");
        assertEquals(64, r.code());
        assertTrue(r.err().contains("plume or elle"), r.err());
    }
}
