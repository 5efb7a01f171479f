package kvs.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import kvs.cli.Context;
import kvs.cli.ExitCode;
import kvs.cli.FakeReplica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's dispatch of a line: its own words, and kvs-cli commands run in the current session. */
class DispatcherTest {
    @TempDir
    Path home;

    private final StringWriter text = new StringWriter();

    private Dispatcher dispatcher(String replica) {
        Context context = new Context(Map.of("KVS_HOME", home.resolve("kvs").toString(), "KVS_REPLICAS", replica), home);
        PrintWriter out = new PrintWriter(text, true);
        return new Dispatcher(context, "alice", out, out);
    }

    private String said() {
        String s = text.toString();
        text.getBuffer().setLength(0);
        return s;
    }

    @Test
    void commandsRunInTheCurrentSessionAndItsMetadataIsShownOnRequest() {
        AtomicInteger n = new AtomicInteger();
        try (FakeReplica replica = new FakeReplica((request, i) -> FakeReplica.Answer.of(200,
                "{\"result\":\"found\",\"value\":5,\"causal-metadata\":{\"w\":" + n.incrementAndGet() + "}}"))) {
            Dispatcher shell = dispatcher(replica.address());
            assertEquals(0, shell.run(List.of("put", "x", "5")));
            assertTrue(said().startsWith("found x at "));
            assertEquals(0, shell.run(List.of("get", "x")));
            assertEquals("5\n", said());
            assertEquals(0, shell.run(List.of("metadata")));
            assertEquals("alice: {\"w\":2}\n", said());
            assertEquals("{\"causal-metadata\":{\"w\":1}}", replica.requests().get(1).body(), "the session carried the metadata");

            assertEquals(0, shell.run(List.of("use", "bob")));
            assertEquals("session bob\n", said());
            assertEquals(0, shell.run(List.of("metadata")));
            assertEquals("bob: null (no command yet)\n", said());
            assertEquals(0, shell.run(List.of("get", "x", "--session", "alice")), "an explicit --session wins");
            assertEquals("{\"causal-metadata\":{\"w\":2}}", replica.requests().get(2).body());
            assertEquals("bob", shell.session());
        }
    }

    @Test
    void mistakesAreToldLikeKvsClisAndTheShellGoesOn() {
        Dispatcher shell = dispatcher("127.0.0.1:1");
        assertEquals(ExitCode.USAGE, shell.run(List.of("gte", "x")));
        assertTrue(said().startsWith("kvs-cli: unknown command 'gte' (did you mean 'get'?)"));
        assertEquals(ExitCode.USAGE, shell.run(List.of("use", "../etc")));
        assertEquals("alice", shell.session());
        assertEquals(ExitCode.USAGE, shell.run(List.of("shell")));
        assertTrue(said().contains("already in the shell"));
        assertFalse(shell.exitRequested());
        assertEquals(ExitCode.USAGE, shell.lastExit());
    }

    @Test
    void helpListsTheCommandsAndTheShellWordsAndExitEnds() {
        Dispatcher shell = dispatcher("127.0.0.1:1");
        assertEquals(0, shell.run(List.of("help")));
        String help = said();
        assertTrue(help.contains("workload") && help.contains("use NAME") && help.contains("metadata"), help);
        assertEquals(0, shell.run(List.of()));
        assertEquals(0, shell.run(List.of("exit")));
        assertTrue(shell.exitRequested());
    }
}
