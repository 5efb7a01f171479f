package kvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import kvs.cli.command.DurationConverter;
import kvs.cli.workload.Mix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, usage errors and help: everything that happens before a request goes out. */
class CommandLineTest {
    @TempDir
    Path home;

    @Test
    void withoutAnyReplicaTheCommandIsAUsageError() {
        Cli.Run run = new Cli(home).run("get", "x");
        assertEquals(ExitCode.USAGE, run.exit());
        assertTrue(run.err().contains("no replica given"), run.err());
    }

    @Test
    void malformedAddressesSessionNamesAndOptionsAreUsageErrors() {
        Cli cli = new Cli(home).withReplicas("127.0.0.1:1");
        assertEquals(ExitCode.USAGE, cli.run("get", "x", "-r", "localhost").exit());
        assertEquals(ExitCode.USAGE, cli.run("get", "x", "-r", "127.0.0.1:99999").exit());
        assertEquals(ExitCode.USAGE, cli.run("--session", "../etc", "get", "x").exit());
        assertEquals(ExitCode.USAGE, cli.run("get").exit());
        assertEquals(ExitCode.USAGE, cli.run("get", "").exit());
        assertEquals(ExitCode.USAGE, cli.run("frobnicate").exit());
        assertEquals(ExitCode.USAGE, cli.run("get", "x", "--wait", "soon").exit());
        assertEquals(ExitCode.USAGE, cli.run("workload", "--mix", "1:2").exit());
        assertEquals(ExitCode.USAGE, cli.run("workload", "--ops", "5", "--duration", "1s").exit());
        assertEquals(ExitCode.USAGE, cli.run("view", "add", "nowhere").exit());
        assertEquals(ExitCode.USAGE, cli.run().exit());
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheSubcommand() {
        Cli cli = new Cli(home);
        Cli.Run before = cli.run("--session", "zed", "session", "show");
        Cli.Run after = cli.run("session", "show", "--session", "zed");
        assertEquals(ExitCode.NOT_FOUND, before.exit());
        assertTrue(before.err().contains("'zed'"), before.err());
        assertEquals(before.err(), after.err());
    }

    @Test
    void helpShowsExamplesAndExitCodes() {
        Cli.Run run = new Cli(home).run("--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("Examples:"), run.out());
        assertTrue(run.out().contains("kvs-cli put x 1"), run.out());
        assertTrue(run.out().contains("Exit codes:"), run.out());
        Cli.Run put = new Cli(home).run("put", "--help");
        assertTrue(put.out().contains("--string"), put.out());
        assertTrue(put.out().contains("Examples:"), put.out());
    }

    @Test
    void theCompletionScriptCoversTheCommands() {
        Cli.Run run = new Cli(home).run("generate-completion");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("complete -F"), "a bash completion script");
        for (String word : new String[] {"put", "get", "delete", "session", "view", "workload", "--replica"}) {
            assertTrue(run.out().contains(word), word);
        }
    }

    @Test
    void aSessionFolderThatCannotBeCreatedIsAnIoError() throws Exception {
        java.nio.file.Files.writeString(home.resolve("kvs"), "a file where the KVS_HOME folder should be");
        Cli.Run run = new Cli(home).withReplicas("127.0.0.1:1").run("put", "x", "1");
        assertEquals(ExitCode.IO_ERROR, run.exit(), run.toString());
        assertTrue(run.err().startsWith("kvs-cli: "), run.err());
        Cli.Run json = new Cli(home).withReplicas("127.0.0.1:1").run("get", "x", "--json");
        assertEquals(ExitCode.IO_ERROR, json.exit());
        assertEquals(ExitCode.IO_ERROR, kvs.cli.Json.parse(json.out()).orElseThrow().get("exit").asInt());
    }

    @Test
    void aWorkloadAgainstNoLiveReplicaExitsUnavailable() {
        Cli.Run run = new Cli(home).run("workload", "--ops", "5", "--no-final-reads", "-r", Loopback.refusingAddress(),
                "--record", home.resolve("w.jsonl").toString());
        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run.toString());
        assertTrue(run.err().contains("is the cluster up?"), run.err());
        assertTrue(run.err().contains("did not start"), run.err());
        assertTrue(!java.nio.file.Files.exists(home.resolve("w.jsonl")), "no operation ran, so nothing was recorded");
    }

    @Test
    void theProgressBarFillsWithTheFractionDone() {
        assertEquals("[...............................]   0%  0 ops  0 ops/s".replace("...............................", ".".repeat(30)),
                kvs.cli.workload.ProgressBar.render(0, 0, 0));
        assertEquals("[" + "#".repeat(15) + ".".repeat(15) + "]  50%  512 ops  243 ops/s",
                kvs.cli.workload.ProgressBar.render(0.5, 512, 243.4));
    }

    @Test
    void sessionListOfAFreshHomeSaysThereIsNone() {
        Cli.Run run = new Cli(home).run("session", "list");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("no sessions yet"), run.out());
    }

    @Test
    void durationsReadUnitsAndBareSeconds() {
        assertEquals(250, DurationConverter.parse("250ms").toMillis());
        assertEquals(5_000, DurationConverter.parse("5s").toMillis());
        assertEquals(1_500, DurationConverter.parse("1.5").toMillis());
        assertEquals(120_000, DurationConverter.parse("2m").toMillis());
    }

    @Test
    void aMixIsThreeWeightsWithSomePuts() {
        assertEquals(new Mix(2, 2, 1), Mix.parse("2:2:1"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Mix.parse("0:1:1"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Mix.parse("a:1:1"));
    }

    @Test
    void aMistypedCommandOrOptionIsOneLineWithTheNameMeantAndAPointerToHelp() {
        Cli cli = new Cli(home).withReplicas("127.0.0.1:1");
        Cli.Run command = cli.run("gte", "x");
        assertEquals(ExitCode.USAGE, command.exit());
        assertEquals("kvs-cli: unknown command 'gte' (did you mean 'get'?)\nTry 'kvs-cli --help' for usage.\n", command.err());
        Cli.Run option = cli.run("get", "x", "--sesion", "bob");
        assertEquals(ExitCode.USAGE, option.exit());
        assertEquals("kvs-cli: unknown option '--sesion' (did you mean '--session'?)\nTry 'kvs-cli get --help' for usage.\n",
                option.err());
        Cli.Run missing = cli.run("put", "x");
        assertEquals(ExitCode.USAGE, missing.exit());
        assertEquals(2, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("kvs-cli: missing required parameter"), missing.err());
        Cli.Run value = cli.run("get", "x", "--wait", "soon");
        assertEquals(2, value.err().lines().count(), value.err());
        assertTrue(!value.err().contains("java."), value.err());
    }

    @Test
    void versionIsPrintedByEveryCommand() {
        Cli.Run run = new Cli(home).run("--version");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("kvs-cli "), run.out());
        Cli.Run sub = new Cli(home).run("session", "--version");
        assertEquals(run.out(), sub.out(), "every command prints it");
    }

    @Test
    void resettingASessionThatDoesNotExistCreatesNothingAndNamesTheOneMeant() throws Exception {
        java.nio.file.Files.createDirectories(new Cli(home).kvsHome().resolve("sessions"));
        java.nio.file.Files.writeString(new Cli(home).kvsHome().resolve("sessions/alice.json"),
                "{\"name\":\"alice\",\"causal-metadata\":null}");
        Cli.Run run = new Cli(home).run("session", "reset", "alcie");
        assertEquals(ExitCode.NOT_FOUND, run.exit(), run.toString());
        assertTrue(run.err().contains("no session named 'alcie'") && run.err().contains("did you mean 'alice'?"), run.err());
        assertTrue(!java.nio.file.Files.exists(new Cli(home).kvsHome().resolve("sessions/alcie.json")));
        assertEquals(java.util.List.of("alice"), new kvs.cli.session.SessionStore(new Cli(home).kvsHome().resolve("sessions")).names());
    }

    @Test
    void aValueThatStartsLikeJsonButDoesNotParseIsRefusedUnlessString() {
        Cli cli = new Cli(home).withReplicas(Loopback.refusingAddress());
        Cli.Run run = cli.run("put", "k", "{\"a\":");
        assertEquals(ExitCode.USAGE, run.exit(), run.toString());
        assertTrue(run.err().startsWith("kvs-cli: VALUE '{\"a\":' looks like JSON but is not valid JSON"), run.err());
        assertTrue(run.err().contains("--string"), run.err());
        assertEquals(ExitCode.USAGE, cli.run("put", "k", "[1, 2").exit());
        assertEquals(ExitCode.USAGE, cli.run("put", "k", "\"unterminated").exit());
        // with --string it is sent (and here finds no replica: exit 4, not a usage error)
        assertEquals(ExitCode.UNAVAILABLE, cli.run("put", "k", "{\"a\":", "--string").exit());
        assertEquals(ExitCode.UNAVAILABLE, cli.run("put", "k", "plain words").exit());
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltAndTheWholeTreeForHelpCompletionAndMistakes() {
        assertEquals(java.util.Optional.of("get"), Main.subcommandNamed(new String[] {"get", "x"}));
        assertEquals(java.util.Optional.of("put"), Main.subcommandNamed(new String[] {"-s", "get", "--json", "-r", "a:1", "put", "x", "1"}));
        assertEquals(java.util.Optional.of("view"), Main.subcommandNamed(new String[] {"--session=bob", "view", "list"}));
        for (String[] whole : new String[][] {{}, {"--help"}, {"help", "get"}, {"gte"}, {"-mv", "get", "x"}, {"generate-completion"}, {"shell"}}) {
            assertEquals(java.util.Optional.empty(), Main.subcommandNamed(whole), String.join(" ", whole));
        }
        assertEquals(1, Main.commandLineFor(new Context(java.util.Map.of(), home), new String[] {"get", "x"}).getSubcommands().size());
        Cli.Run help = new Cli(home).run("help", "put");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--string"), help.out());
    }
}
