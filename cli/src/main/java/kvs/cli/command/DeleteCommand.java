package kvs.cli.command;

import java.util.Optional;
import java.util.concurrent.Callable;
import kvs.checker.history.HistoryEvent.Op;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete KEY. A key that does not exist exits with 3.",
        footerHeading = "%nExamples:%n",
        footer = {"  kvs-cli delete x", "  kvs-cli --session alice delete x --json"})
public final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    KvsCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    public Integer call() {
        return KeyValueOperation.run(root, spec.commandLine(), Op.DELETE, key, Optional.empty());
    }
}
