package kvs.cli;

import java.io.PrintWriter;
import kvs.cli.command.KvsCommand;
import picocli.CommandLine;

/** {@code kvs-cli}'s entry point. Commands return their exit code; only {@link #main} exits. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine(Context.fromSystem()).execute(args));
    }

    /** The whole command tree, bound to {@code context}; tests call {@code execute} on it with captured output. */
    public static CommandLine commandLine(Context context) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == KvsCommand.class) return type.cast(new KvsCommand(context));
                return defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(KvsCommand.class, factory);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(true);
        applyExitCodes(commandLine);
        commandLine.setParameterExceptionHandler(Main::usageError);
        return commandLine;
    }

    /** A usage error: the problem and where to find help, not the whole help page. */
    private static int usageError(CommandLine.ParameterException error, String[] args) {
        CommandLine failed = error.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("kvs-cli: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        err.flush();
        return ExitCode.USAGE;
    }

    /** Every subcommand, at every depth, reports usage errors and bugs with the same codes as the top command. */
    private static void applyExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitCode.INTERNAL);
        commandLine.getSubcommands().values().forEach(Main::applyExitCodes);
    }

    /** As {@link #commandLine(Context)}, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(Context context, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(context);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine;
    }
}
