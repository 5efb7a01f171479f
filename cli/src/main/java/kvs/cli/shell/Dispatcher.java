package kvs.cli.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kvs.cli.Context;
import kvs.cli.ExitCode;
import kvs.cli.Json;
import kvs.cli.Main;
import kvs.cli.session.SessionFile;
import kvs.cli.session.SessionStore;

/**
 * What {@code kvs-cli shell} does with one line, once split into words: a shell word of its own
 * ({@code use}, {@code metadata}, {@code help}, {@code exit}), or a kvs-cli command run in this JVM
 * exactly as {@code kvs-cli WORDS...} would run it, in the shell's current session unless the
 * words name another with {@code --session}. Knows nothing of the terminal, so it is tested on its own.
 */
public final class Dispatcher {
    /** The shell's own words, for help and completion. */
    public static final List<String> SHELL_WORDS = List.of("use", "metadata", "help", "exit", "quit");

    private final Context context;
    private final PrintWriter out;
    private final PrintWriter err;
    private String session;
    private int lastExit = ExitCode.SUCCESS;
    private boolean exitRequested;

    public Dispatcher(Context context, String session, PrintWriter out, PrintWriter err) {
        SessionStore.checkName(session);
        this.context = context;
        this.session = session;
        this.out = out;
        this.err = err;
    }

    /** The session that commands run in unless they name another. */
    public String session() {
        return session;
    }

    /** The exit code of the last command (0 after a shell word that worked). */
    public int lastExit() {
        return lastExit;
    }

    /** True once {@code exit} or {@code quit} was given. */
    public boolean exitRequested() {
        return exitRequested;
    }

    /** Runs one line's words; returns the exit code the command would have had as kvs-cli. */
    public int run(List<String> words) {
        if (words.isEmpty()) return lastExit;
        lastExit = switch (words.get(0)) {
            case "exit", "quit" -> {
                exitRequested = true;
                yield ExitCode.SUCCESS;
            }
            case "use" -> use(words);
            case "metadata" -> metadata(words);
            case "help" -> words.size() == 1 ? help() : command(words);
            case "shell" -> said("kvs-cli: already in the shell", ExitCode.USAGE);
            default -> command(words);
        };
        out.flush();
        err.flush();
        return lastExit;
    }

    private int use(List<String> words) {
        if (words.size() != 2) return said("kvs-cli: use NAME: switch to the session NAME (now: " + session + ")", ExitCode.USAGE);
        try {
            SessionStore.checkName(words.get(1));
        } catch (IllegalArgumentException e) {
            return said("kvs-cli: " + e.getMessage(), ExitCode.USAGE);
        }
        session = words.get(1);
        out.println("session " + session);
        return ExitCode.SUCCESS;
    }

    private int metadata(List<String> words) {
        if (words.size() > 1) return said("kvs-cli: metadata takes no argument: it shows the current session's", ExitCode.USAGE);
        try {
            Optional<SessionFile> file = new SessionStore(context.kvsHome().resolve("sessions")).peek(session);
            out.println(session + ": " + file.map(f -> Json.compact(f.metadata())).orElse("null (no command yet)"));
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            return said("kvs-cli: " + e.getMessage(), ExitCode.IO_ERROR);
        }
    }

    private int help() {
        Main.commandLine(context).usage(out);
        out.println();
        out.println("In the shell, type the commands without 'kvs-cli', and also:");
        out.println("  use NAME    switch to session NAME (now: " + session + "); --session NAME for one command");
        out.println("  metadata    the causal metadata the current session holds");
        out.println("  exit, quit  leave (Ctrl-D too); Tab completes commands and options, Up/Down recall history");
        return ExitCode.SUCCESS;
    }

    private int command(List<String> words) {
        List<String> args = new ArrayList<>();
        if (!words.contains("-s") && !words.contains("--session") && words.stream().noneMatch(w -> w.startsWith("--session="))) {
            args.add("--session");
            args.add(session);
        }
        args.addAll(words);
        String[] array = args.toArray(String[]::new);
        return Main.commandLine(context, array, out, err).execute(array);
    }

    private int said(String message, int code) {
        err.println(message);
        return code;
    }
}
