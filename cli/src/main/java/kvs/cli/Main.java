package kvs.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import kvs.cli.command.KvsCommand;
import picocli.CommandLine;

/** {@code kvs-cli}'s entry point. Commands return their exit code; only {@link #main} exits. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--cds-training")) CdsTraining.runOrExit();
        System.exit(commandLineFor(Context.fromSystem(), args).execute(args));
    }

    /** The whole command tree, bound to {@code context}, for help, completion and the shell. */
    public static CommandLine commandLine(Context context) {
        return build(context, KvsCommand.SUBCOMMANDS.keySet());
    }

    /**
     * The tree that {@code args} need: the top command and only the subcommand they name, when
     * they name one (other than help, completion and the shell); the whole tree otherwise, so that help, a mistyped
     * command and completion see every command. Parsing the same arguments gives the same result
     * either way; only less of the model is built.
     */
    public static CommandLine commandLineFor(Context context, String[] args) {
        return build(context, subcommandNamed(args).map(Set::of).orElse(KvsCommand.SUBCOMMANDS.keySet()));
    }

    /** The subcommand that {@code args} name after the global options, if they name one unambiguously. */
    static Optional<String> subcommandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (KvsCommand.OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (arg.startsWith("-") && (KvsCommand.FLAGS.contains(arg)
                    || (arg.startsWith("--") && arg.contains("=") && KvsCommand.OPTIONS_WITH_VALUE.contains(arg.substring(0, arg.indexOf('=')))))) {
                continue;
            } else if (KvsCommand.SUBCOMMANDS.containsKey(arg) && !KvsCommand.NEED_THE_WHOLE_TREE.contains(arg)) {
                return Optional.of(arg);
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static CommandLine build(Context context, Collection<String> subcommands) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == KvsCommand.class) return type.cast(new KvsCommand(context));
                return defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(KvsCommand.class, factory);
        for (String name : subcommands) {
            commandLine.addSubcommand(name, new CommandLine(KvsCommand.SUBCOMMANDS.get(name), factory));
        }
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(true);
        applyExitCodes(commandLine);
        commandLine.setParameterExceptionHandler(PicocliUsage.handler("kvs-cli"));
        return commandLine;
    }

    /**
     * Every subcommand, at every depth, reports usage errors and bugs with the same codes as the
     * top command, and prints the same {@code --version}.
     */
    private static void applyExitCodes(CommandLine commandLine) {
        applyExitCodes(commandLine, commandLine.getCommandSpec().versionProvider());
    }

    private static void applyExitCodes(CommandLine commandLine, CommandLine.IVersionProvider version) {
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitCode.INTERNAL);
        commandLine.getCommandSpec().versionProvider(version);
        commandLine.getSubcommands().values().forEach(sub -> applyExitCodes(sub, version));
    }

    /** As {@link #commandLineFor(Context, String[])}, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(Context context, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLineFor(context, args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine;
    }
}
