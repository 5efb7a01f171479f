package kvs.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.Callable;
import kvs.checker.history.HistoryEvent.Op;
import kvs.cli.Json;
import picocli.CommandLine;
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
            "  kvs-cli put t '{\"a\":' --string  # broken JSON is refused unless --string",
            "  kvs-cli --session bob put x 2 -r 127.0.0.1:8092"})
public final class PutCommand implements Callable<Integer> {
    @ParentCommand
    KvsCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key (any text; at most 50 characters on the course's replicas).")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "JSON when it parses as JSON, a string otherwise; text that starts like JSON ({, [ or \") "
                    + "but does not parse is refused unless --string.")
    String value;

    @Option(names = "--string", description = "Send VALUE as a JSON string even if it parses as JSON.")
    boolean string;

    @Override
    public Integer call() {
        JsonNode parsed;
        try {
            parsed = valueOf(value, string);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return KeyValueOperation.run(root, spec.commandLine(), Op.PUT, key, Optional.of(parsed));
    }

    /**
     * {@code text} as JSON when it parses as one JSON value (and {@code forceString} is off), else as
     * a string. Text that starts like a JSON object, array or string but does not parse is refused
     * ({@link IllegalArgumentException}): it is far more likely a mistyped or shell-mangled JSON
     * value than a string meant to look broken, which {@code --string} still stores.
     */
    static JsonNode valueOf(String text, boolean forceString) {
        if (forceString) return Json.MAPPER.getNodeFactory().textNode(text);
        Optional<JsonNode> json = Json.parse(text);
        if (json.isPresent()) return json.get();
        String start = text.stripLeading();
        if (start.startsWith("{") || start.startsWith("[") || start.startsWith("\"")) {
            throw new IllegalArgumentException("VALUE " + shown(text) + " looks like JSON but is not valid JSON"
                    + " (unbalanced brackets or quotes?); to store it as a string, add --string");
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }

    private static String shown(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "'" + cut.replace("\n", "\\n") + "'";
    }
}
