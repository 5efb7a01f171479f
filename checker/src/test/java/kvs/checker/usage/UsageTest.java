package kvs.checker.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one way every tool tells a usage error, and its suggestions. */
class UsageTest {
    @Test
    void aTranspositionOrOneTypoSuggestsTheCommandMeant() {
        List<String> commands = List.of("put", "get", "delete", "session", "view", "workload", "generate-completion");
        assertEquals(List.of("get"), DidYouMean.suggest("gte", commands));
        assertEquals(List.of("run"), DidYouMean.suggest("rnu", List.of("run", "sweep", "shrink", "bench", "help")));
        assertEquals(List.of("export"), DidYouMean.suggest("exprot", List.of("check", "export", "generate", "bench")));
        assertEquals(List.of("--session"), DidYouMean.suggest("--sesion", List.of("--session", "--replica", "--json")));
        assertEquals(List.of("workload"), DidYouMean.suggest("work", commands), "a prefix");
    }

    @Test
    void nothingFarFetchedIsSuggested() {
        assertEquals(List.of(), DidYouMean.suggest("frobnicate", List.of("put", "get", "delete", "workload")));
        assertEquals(List.of(), DidYouMean.suggest("x", List.of("put", "get")));
    }

    @Test
    void theErrorIsOneLineNamingTheMistakeThenAPointerToHelp() {
        StringWriter text = new StringWriter();
        int code = Usage.report(new PrintWriter(text), "kvs-sim",
                UsageError.unknownCommand("kvs-sim", "rnu", List.of("run", "sweep")));
        assertEquals(64, code);
        assertEquals("kvs-sim: unknown command 'rnu' (did you mean 'run'?)\nTry 'kvs-sim --help' for usage.\n",
                text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aMultiLineOrCapitalisedMessageBecomesOneSentenceLine() {
        assertEquals(List.of("kvs-check: missing required parameter: 'FILE' (did you mean 'a' or 'b'?)", "Try 'kvs-check x --help' for usage."),
                Usage.lines("kvs-check", "Missing required parameter: 'FILE'\nmore text", List.of("a", "b"), "kvs-check x"));
    }
}
