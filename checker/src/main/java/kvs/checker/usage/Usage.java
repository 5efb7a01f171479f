package kvs.checker.usage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How every tool of the project (kvs-cli, kvs-check, kvs-sim, kvs-test) tells a usage error: one
 * line that names the mistake, with a "did you mean" when a known name is close, then one line that
 * points to {@code --help}; never the whole help page, never a stack trace; exit code 64
 * (sysexits' EX_USAGE).
 *
 * <pre>
 * kvs-sim: unknown command 'rnu' (did you mean 'run'?)
 * Try 'kvs-sim --help' for usage.
 * </pre>
 */
public final class Usage {
    /** The exit code of a usage error, in every tool. */
    public static final int EXIT_USAGE = 64;

    private Usage() {}

    /** The two lines of {@code error}, for {@code tool} (the program's name, e.g. {@code kvs-check}). */
    public static List<String> lines(String tool, UsageError error) {
        return lines(tool, error.getMessage(), error.suggestions(), error.command());
    }

    /** The two lines of a usage error: the problem (with suggestions), and where help is. */
    public static List<String> lines(String tool, String problem, List<String> suggestions, String command) {
        List<String> lines = new ArrayList<>();
        String said = oneLine(problem);
        String hint = DidYouMean.phrase(suggestions);
        lines.add(tool + ": " + said + (hint.isEmpty() ? "" : " (" + hint + ")"));
        lines.add("Try '" + command + " --help' for usage.");
        return lines;
    }

    /** Prints {@code error} for {@code tool} on {@code err} and returns {@link #EXIT_USAGE}. */
    public static int report(PrintWriter err, String tool, UsageError error) {
        for (String line : lines(tool, error)) err.println(line);
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * The error for a word the parser did not expect: an unknown option (it starts with a dash),
     * an unknown command (where {@code command} takes subcommands and no other argument), or an
     * argument too many. Parser adapters (picocli's, in kvs-cli and kvs-sim) call this with the
     * names the failing command knows.
     */
    public static UsageError unmatched(String command, String word, boolean commandExpected,
                                       Collection<String> commandNames, Collection<String> optionNames) {
        if (word.startsWith("-") && word.length() > 1) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            return UsageError.unknownOption(command, name, List.copyOf(optionNames));
        }
        if (commandExpected) return UsageError.unknownCommand(command, word, List.copyOf(commandNames));
        return new UsageError(command, "unexpected argument '" + word + "'");
    }

    /**
     * A parser's message without the names of the library's or the JDK's classes that some carry
     * ("Invalid value ... (java.lang.IllegalArgumentException: ...)"), on one line.
     */
    public static String withoutInternals(String message) {
        String text = oneLine(message);
        text = LIBRARY_DETAIL.matcher(text).replaceAll("");
        return text.strip();
    }

    private static final java.util.regex.Pattern LIBRARY_DETAIL = java.util.regex.Pattern.compile(
            "\\s*\\((?:java|javax|jdk|sun|com|org|picocli)\\.[\\w.$]+(?:Exception|Error)\\b[^)]*\\)");

    /**
     * The version of the tool whose jar holds {@code mainClass} (its manifest's
     * Implementation-Version), or {@code dev} when run from class folders.
     */
    public static String version(Class<?> mainClass) {
        String v = mainClass.getPackage() == null ? null : mainClass.getPackage().getImplementationVersion();
        return v == null ? "dev (not from a built jar)" : v;
    }

    /** A message on one line: the first line, trimmed, with a lower-case start as in the rest of the sentence. */
    static String oneLine(String text) {
        String first = text == null ? "usage error" : text.strip();
        int newline = first.indexOf('\n');
        if (newline >= 0) first = first.substring(0, newline).strip();
        if (first.length() > 1 && Character.isUpperCase(first.charAt(0)) && Character.isLowerCase(first.charAt(1))) {
            first = Character.toLowerCase(first.charAt(0)) + first.substring(1);
        }
        return first;
    }
}
