package kvs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class MainTest {

    private record Ran(int exitCode, String out, String err) {}

    private static Ran kvsSim(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Ran(code, out.toString(), err.toString());
    }

    @Test
    void runPrintsTheSeedFirstAndWritesHistoryTraceReportsAndTimeline(@TempDir Path dir) throws Exception {
        Ran ran = kvsSim("run", "--seed", "5", "--ops", "200", "--faults", "crash,partition", "--out", dir.toString());
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().startsWith("seed 5: 3 replicas, 4 sessions, 200 ops over 5 keys; faults partition,crash"), ran.out());
        assertTrue(ran.out().contains("replay: scripts/kvs-sim run --seed 5 "), ran.out());
        for (String file : new String[] {"history.jsonl", "trace.txt", "report.txt", "report.json", "timeline.html", "summary.txt"}) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file + " missing or empty");
        }
        assertTrue(Files.readAllLines(dir.resolve("history.jsonl")).get(0).contains("\"format\":\"kvs-history\""));
        assertTrue(Files.readString(dir.resolve("report.txt")).contains("VALID"));
        // the file is a history any reader of the format takes: kvs-check reads it to the same verdict
        assertEquals(kvs.checker.Verdict.VALID,
                kvs.checker.Checker.check(dir.resolve("history.jsonl"), kvs.checker.CheckOptions.defaults()).verdict());
    }

    @Test
    void checkDeterminismRunsTwiceAndSaysSo() {
        Ran ran = kvsSim("run", "--seed", "9", "--ops", "150", "--faults", "all", "--check-determinism");
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().contains("deterministic: two runs gave the same history and trace, byte for byte"), ran.out());
    }

    @Test
    void aBrokenReplicaFailsWithExitCodeOneAndAReplayCommand() {
        // seed 2 breaks the bug's checks (found with: kvs-sim sweep --seeds 1..12 --ops 500 --faults all --bugs ...)
        Ran ran = kvsSim("run", "--seed", "2", "--ops", "500", "--faults", "all", "--bugs", "ignore-client-metadata-on-get");
        assertEquals(1, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().contains("seed 2: VIOLATION"), ran.out());
        assertTrue(ran.out().contains("--bugs ignore-client-metadata-on-get"), ran.out());
    }

    @Test
    void badOptionsAreUsageErrorsWithExitCode64() {
        assertEquals(64, kvsSim("run", "--seed", "x").exitCode());
        Ran fault = kvsSim("run", "--seed", "1", "--faults", "meteor");
        assertEquals(64, fault.exitCode());
        assertTrue(fault.err().contains("unknown fault 'meteor'"), fault.err());
        assertEquals(64, kvsSim("sweep", "--seeds", "9..3").exitCode());
        assertEquals(64, kvsSim("run", "--seed", "1", "--replicas", "0").exitCode());
    }

    @Test
    void smallPagesAreNamedInTheFirstLineAndTheReplayAndPageTheTransfers(@TempDir Path dir) throws Exception {
        Ran ran = kvsSim("run", "--seed", "3", "--ops", "300", "--keys", "8", "--faults", "crash,partition",
                "--page-versions", "2", "--out", dir.toString());
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().lines().findFirst().orElseThrow().endsWith("; state-transfer pages of 2 versions"), ran.out());
        assertTrue(ran.out().contains(" --page-versions 2 --out "), ran.out());
        String trace = Files.readString(dir.resolve("trace.txt"));
        assertTrue(trace.contains(" SyncPage "), "no page asked for");
        assertTrue(trace.contains("paged state transfer from "), "no paged transfer done");
        Ran bad = kvsSim("run", "--seed", "1", "--page-versions", "-1");
        assertEquals(64, bad.exitCode());
        assertTrue(bad.err().contains("page versions must be 0 (default pages) or 1..1000"), bad.err());
    }

    @Test
    void sweepSummarizesOutcomesAndCoverage() {
        Ran ran = kvsSim("sweep", "--seeds", "1..6", "--ops", "100", "--threads", "1");
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().contains("6 runs on 1 threads"), ran.out());
        assertTrue(ran.out().contains("replica.stateTransfers"), ran.out());
    }

    @Test
    void shrinkingAPassingSeedSaysThereIsNothingToShrink() {
        Ran ran = kvsSim("shrink", "--seed", "3", "--ops", "100", "--faults", "none");
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().contains("nothing to shrink"), ran.out());
    }

    @Test
    void aMistypedCommandOrOptionIsOneLineWithASuggestionNotTheHelpPage() {
        Ran command = kvsSim("rnu", "--seed", "1");
        assertEquals(64, command.exitCode());
        assertEquals("kvs-sim: unknown command 'rnu' (did you mean 'run'?)\nTry 'kvs-sim --help' for usage.\n",
                command.err().replace(System.lineSeparator(), "\n"));
        Ran option = kvsSim("run", "--sed", "1");
        assertEquals(64, option.exitCode());
        assertTrue(option.err().startsWith("kvs-sim: unknown option '--sed' (did you mean '--seed'?)"), option.err());
        assertTrue(option.err().contains("Try 'kvs-sim run --help' for usage."), option.err());
        assertEquals(2, option.err().lines().count(), option.err());
        Ran value = kvsSim("run", "--seed", "abc");
        assertEquals(64, value.exitCode());
        assertEquals(2, value.err().lines().count(), value.err());
        assertTrue(!value.err().contains("java.lang"), value.err());
        Ran none = kvsSim();
        assertEquals(64, none.exitCode());
        assertTrue(none.err().startsWith("kvs-sim: a command is needed"), none.err());
    }

    @Test
    void versionAndHelpExitZero() {
        Ran version = kvsSim("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("kvs-sim "), version.out());
        assertEquals(version.out(), kvsSim("shrink", "--version").out(), "every command prints it");
        assertEquals(0, kvsSim("run", "--help").exitCode());
    }

    @Test
    void theReplayLineNamesTheFolderTheFilesWentTo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sim");
        Ran ran = kvsSim("run", "--seed", "3", "--ops", "100", "--out", out.toString());
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        assertTrue(ran.out().contains(" --out " + out + "\n"), ran.out());
        assertTrue(Files.readString(out.resolve("summary.txt")).contains(" --out " + out + "\n"));
    }
}
