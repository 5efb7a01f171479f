package kvs.cli.command;

import java.util.Optional;
import java.util.concurrent.Callable;
import kvs.checker.history.HistoryEvent.Op;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Read KEY: prints its value as JSON. A key that does not exist exits with 3. "
                + "The answer is at least as recent as everything this session has seen.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvs-cli get x",
            "  kvs-cli get x --json            # {\"op\":\"get\",...,\"value\":1,...}",
            "  kvs-cli get 'a/b c' -m          # any key; printed with the session's new metadata"})
public final class GetCommand implements Callable<Integer> {
    @ParentCommand
    KvsCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    public Integer call() {
        return KeyValueOperation.run(root, spec.commandLine(), Op.GET, key, Optional.empty());
    }
}
