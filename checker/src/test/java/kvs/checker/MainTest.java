package kvs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kvs.checker.history.HistoryEvent;
import kvs.checker.history.HistoryWriter;

/** The command line: exit codes mean one thing in every command. */
class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(Hist h, String name) throws IOException {
        StringWriter text = new StringWriter();
        HistoryWriter w = new HistoryWriter(text);
        for (HistoryEvent e : h.events()) w.write(e);
        Path file = dir.resolve(name);
        Files.writeString(file, text.toString());
        return file;
    }

    @Test
    void aValidHistoryExitsZeroAndAnInvalidOneExitsOne() throws IOException {
        Hist good = new Hist();
        good.put("A", "x", "1");
        good.get("B", "x", "1");
        Run ok = run(write(good, "good.jsonl").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("verdict (model ccv): VALID"), ok.out());

        Hist bad = new Hist();
        bad.put("A", "x", "1");
        bad.put("A", "x", "2");
        bad.get("A", "x", "1");
        Path badFile = write(bad, "bad.jsonl");
        Path html = dir.resolve("t.html");
        Run invalid = run(badFile.toString(), "--html", html.toString());
        assertEquals(1, invalid.code());
        assertTrue(invalid.out().contains("WriteCORead"), invalid.out());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg class=\"vd\"") && page.contains("data-op=\"2\"") && page.contains("<title>#2 get x → 1"),
                page);

        Run json = run(badFile.toString(), "--json", "--model", "cc");
        assertEquals(1, json.code());
        assertTrue(json.out().contains("\"verdict\" : \"invalid\"") && json.out().contains("\"model\" : \"cc\""), json.out());
    }

    @Test
    void anUncheckableHistoryExitsTwo() throws IOException {
        Hist dup = new Hist();
        dup.put("A", "x", "1");
        dup.put("B", "x", "1");
        assertEquals(2, run(write(dup, "dup.jsonl").toString()).code());
    }

    @Test
    void usageErrorsAndMalformedFilesExitSixtyFour() throws IOException {
        Run none = run();
        assertEquals(64, none.code());
        assertEquals(2, none.err().lines().count(), none.err());
        assertEquals(64, run("--model", "sc", "x.jsonl").code());
        assertEquals(64, run(dir.resolve("missing.jsonl").toString()).code());
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, "{\"format\":\"kvs-history\",\"version\":1}\n{\"type\":\n");
        Run r = run(broken.toString());
        assertEquals(64, r.code());
        assertTrue(r.err().contains("line 2"), r.err());
        assertEquals(64, run("x.jsonl", "--time-limit", "soon").code());
    }

    @Test
    void exportWritesPlumesTextFormat() throws IOException {
        Hist h = new Hist();
        h.put("A", "x", "\"v\"");
        h.get("B", "x", "\"v\"");
        h.getAbsent("B", "y");
        Path out = dir.resolve("h.plume");
        assertEquals(0, run("export", "--format", "plume", write(h, "h.jsonl").toString(), "-o", out.toString()).code());
        assertEquals("w(1,1,0,0)\nr(1,1,1,1)\nr(2,0,1,2)\n", Files.readString(out));
    }

    @Test
    void generateThenCheckRoundTripsThroughTheCommandLine() {
        Path file = dir.resolve("g.jsonl");
        assertEquals(0, run("generate", "--ops", "3000", "--sessions", "6", "--keys", "30", "--seed", "7", "-o", file.toString()).code());
        assertEquals(0, run(file.toString()).code());
        Path bad = dir.resolve("b.jsonl");
        assertEquals(0, run("generate", "--ops", "3000", "--sessions", "6", "--keys", "30", "--seed", "7", "--anomaly", "thin-air",
                "-o", bad.toString()).code());
        assertEquals(1, run(bad.toString()).code());
    }

    @Test
    void everyUsageErrorIsOneLineWithASuggestionAndAPointerToHelp() {
        Run mistyped = run("exprot", "--format", "plume", "h.jsonl");
        assertEquals(64, mistyped.code());
        assertEquals("kvs-check: unknown command 'exprot' (did you mean 'export'?)\nTry 'kvs-check --help' for usage.\n",
                mistyped.err());
        Run option = run("export", "--formt", "plume", "h.jsonl");
        assertEquals(64, option.code());
        assertEquals("kvs-check: unknown option '--formt' (did you mean '--format'?)\nTry 'kvs-check export --help' for usage.\n",
                option.err());
        Run generate = run("generate", "--sesions", "3");
        assertEquals("kvs-check: unknown option '--sesions' (did you mean '--sessions'?)\nTry 'kvs-check generate --help' for usage.\n",
                generate.err());
        Run check = run("h.jsonl", "--modle", "cc");
        assertTrue(check.err().startsWith("kvs-check: unknown option '--modle' (did you mean '--model'?)\n"), check.err());
        assertEquals(2, check.err().lines().count(), "no help page after an error");
    }

    @Test
    void benchRefusesSizesAndCountsBelowOneBeforeItWritesAnything() {
        for (String[] args : new String[][] {{"bench", "--ops", "-5"}, {"bench", "--ops", "1000,0"}, {"bench", "--sessions", "0"}, {"bench", "--keys", "-1"}}) {
            Run r = run(args);
            assertEquals(64, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("kvs-check: --"), r.err());
            assertEquals("", r.out(), "nothing printed or generated before the error");
        }
    }

    @Test
    void helpOfEveryCommandAndVersionExitZero() {
        for (String command : new String[] {"generate", "export", "bench", "check"}) {
            Run help = run(command, "--help");
            assertEquals(0, help.code(), command);
            assertTrue(help.out().startsWith("usage: kvs-check"), help.out());
            assertTrue(help.out().contains("exit codes"), help.out());
        }
        Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("kvs-check "), version.out());
    }

    @Test
    void aTruncatedLineIsToldInPlainWordsWithoutTheJsonLibrarysInternals() throws IOException {
        Path cut = dir.resolve("cut.jsonl");
        Files.writeString(cut, "{\"format\":\"kvs-history\",\"version\":1}\n{\"type\":\"invoke\",\"session\":\"a\n");
        Run r = run(cut.toString());
        assertEquals(64, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("kvs-check: malformed history: line 2: "), r.err());
        for (String internal : new String[] {"Source", "REDACTED", "VALUE_STRING", "CTRL-CHAR", "code 10", "jackson"}) {
            assertTrue(!r.err().contains(internal), r.err());
        }
    }
}
