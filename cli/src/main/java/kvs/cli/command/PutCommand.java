package kvs.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Write VALUE under KEY, sending the session's metadata and keeping the new one.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvs-cli put x 1                  # the number 1",
            "  kvs-cli put cart '{\"items\":[2]}'  # a JSON object",
            "  kvs-cli put name alice           # not JSON, so the string \"alice\"",
            "  kvs-cli put n 42 --string        # the string \"42\"",
            "  kvs-cli --session bob put x 2 -r 127.0.0.1:8092"})
public final class PutCommand implements Callable<Integer> {
    @ParentCommand
    KvsCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key (any text; at most 50 characters on the course's replicas).")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "JSON when it parses as JSON, a string otherwise.")
    String value;

    @Option(names = "--string", description = "Send VALUE as a JSON string even if it parses as JSON.")
    boolean string;

    @Override
    public Integer call() {
        return KeyValueOperation.run(root, spec.commandLine(), Op.PUT, key, Optional.of(valueOf(value, string)));
    }

    /** {@code text} as JSON when it parses as one JSON value (and {@code forceString} is off), else as a string. */
    static JsonNode valueOf(String text, boolean forceString) {
        if (forceString) return Json.MAPPER.getNodeFactory().textNode(text);
        return Json.parse(text).orElseGet(() -> Json.MAPPER.getNodeFactory().textNode(text));
    }
}
