package kvs.cli;

import java.util.ArrayList;
import java.util.List;
import kvs.checker.usage.Usage;
import kvs.checker.usage.UsageError;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's parameter errors told the project's one way ({@link Usage}): one line naming the
 * mistake with a "did you mean" drawn from the failing command's own commands and options, a
 * pointer to its {@code --help}, exit 64. kvs-cli uses it, and so does the tester, which builds on
 * kvs-cli. picocli's own suggestions are not used: they list every command sharing a letter.
 */
public final class PicocliUsage {
    private PicocliUsage() {}

    /** A handler for {@link CommandLine#setParameterExceptionHandler} that reports as {@code tool}. */
    public static CommandLine.IParameterExceptionHandler handler(String tool) {
        return (error, args) -> Usage.report(error.getCommandLine().getErr(), tool, usageError(error));
    }

    /** The usage error that {@code error} stands for. */
    public static UsageError usageError(CommandLine.ParameterException error) {
        CommandSpec spec = error.getCommandLine().getCommandSpec();
        String command = spec.qualifiedName();
        // An unknown word is the first mistake to tell, even when picocli noticed a missing parameter first.
        List<String> unmatched = error instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : error.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty()) {
            String word = unmatched.get(0);
            boolean commandExpected = !spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty();
            return Usage.unmatched(command, word, commandExpected, commandNames(spec), optionNames(spec));
        }
        return new UsageError(command, Usage.withoutInternals(error.getMessage()));
    }

    private static List<String> commandNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) names.add(sub.getCommandName());
        }
        return names;
    }

    private static List<String> optionNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) names.addAll(List.of(option.names()));
        }
        return names;
    }
}
