package kvs.checker.usage;

import java.util.List;

/**
 * A command line that cannot be run: what is wrong in one line, the names that were probably meant,
 * and the command whose {@code --help} explains it. Every tool reports it the same way
 * ({@link Usage#report}) and exits {@link Usage#EXIT_USAGE}.
 */
public class UsageError extends RuntimeException {
    private final String command;
    private final List<String> suggestions;

    /**
     * @param command the command as typed before {@code --help}, e.g. {@code kvs-check export}
     * @param problem one line, without the tool's name
     */
    public UsageError(String command, String problem, List<String> suggestions) {
        super(problem);
        this.command = command;
        this.suggestions = List.copyOf(suggestions);
    }

    public UsageError(String command, String problem) {
        this(command, problem, List.of());
    }

    /** An unknown option of {@code command}, with the known ones it may have been. */
    public static UsageError unknownOption(String command, String typed, List<String> known) {
        return new UsageError(command, "unknown option '" + typed + "'", DidYouMean.suggest(typed, known));
    }

    /** An unknown command of {@code tool}, with the known ones it may have been. */
    public static UsageError unknownCommand(String tool, String typed, List<String> known) {
        return new UsageError(tool, "unknown command '" + typed + "'", DidYouMean.suggest(typed, known));
    }

    public String command() {
        return command;
    }

    public List<String> suggestions() {
        return suggestions;
    }
}
