package kvs.tester;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kvs-test}'s entry point. Commands return their exit code; only {@link #main} exits. */
@Command(name = "kvs-test", mixinStandardHelpOptions = true, version = "kvs-test 0.1",
        description = "Test any implementation of the causal key-value API, live: start a cluster of it, run causal"
                + " sessions while a nemesis injects faults, heal, wait for quiescence, check the history, write a report.",
        subcommands = {RunCommand.class, kvs.tester.conformance.ConformanceCommand.class, CleanCommand.class, ClusterCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 valid and conformant, 1 invalid or not conformant, 2 unknown (too weak a test),",
                  "  64 usage error, 70 internal error"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which command? run, conformance, clean or cluster");
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(true);
        applyExitCodes(commandLine);
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cl.getErr().println("kvs-test: " + e.getMessage());
                cl.getErr().flush();
                return ExitCodes.USAGE;
            }
            if (e instanceof kvs.cluster.ClusterException || e instanceof UnsupportedOperationException) {
                cl.getErr().println("kvs-test: " + e.getMessage());
                cl.getErr().flush();
                return ExitCodes.INTERNAL;
            }
            cl.getErr().println("kvs-test: internal error: " + e);
            e.printStackTrace(cl.getErr());
            cl.getErr().flush();
            return ExitCodes.INTERNAL;
        });
        return commandLine;
    }

    private static int usageError(CommandLine.ParameterException error, String[] args) {
        CommandLine failed = error.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("kvs-test: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static void applyExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL);
        commandLine.getSubcommands().values().forEach(Main::applyExitCodes);
    }
}
