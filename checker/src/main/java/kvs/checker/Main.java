package kvs.checker;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import kvs.checker.causal.History;
import kvs.checker.history.HistoryFormatException;
import kvs.checker.report.CheckReport;
import kvs.checker.tools.Bench;
import kvs.checker.tools.Generator;
import kvs.checker.tools.Export;
import kvs.checker.usage.DidYouMean;
import kvs.checker.usage.Usage;
import kvs.checker.usage.UsageError;

/**
 * {@code kvs-check}: check a history, export it, generate synthetic ones, benchmark the checker.
 * Exit codes mean one thing in every command: 0 valid, 1 invalid, 2 unknown, 64 usage error (or
 * a malformed history file), 70 internal error. No command calls {@code System.exit} but
 * {@link #main}.
 */
public final class Main {
    public static final int EXIT_USAGE = Usage.EXIT_USAGE, EXIT_INTERNAL = 70;

    static final String USAGE_CHECK = """
            usage: kvs-check FILE [--model cc|cm|ccv] [--json] [--html OUT] [--time-limit 10s]
              Checks a history file (JSON Lines) and prints the verdict and every violation explained.
              --model M        the causal model whose bad patterns decide the verdict: cc, cm or ccv (default ccv)
              --json           print the report as one JSON object
              --html OUT       also write the HTML timeline to OUT
              --time-limit D   give up (verdict unknown) after D, e.g. 10s, 500ms, 2m (default 10m)
            """;
    static final String USAGE_EXPORT = """
            usage: kvs-check export --format plume|elle FILE [-o OUT] [--lossy]
              Writes the history in another checker's format (plume: the text format of the Plume checker;
              elle: Jepsen's rw-register history in EDN). What the format cannot represent is left out
              and said on stderr, with exit 2 unless --lossy accepts it.
            """;
    static final String USAGE_GENERATE = """
            usage: kvs-check generate [--ops N] [--sessions N] [--keys N] [--replicas N] [--seed N]
                                      [--anomaly none|stale-read|backwards-read|thin-air|lost-write]
                                      [--info-share 0.001] [-o OUT]
              Writes a synthetic history (valid, or with one planted anomaly) to OUT or stdout.
            """;
    static final String USAGE_BENCH = """
            usage: kvs-check bench [--ops 250000,500000,1000000] [--sessions 100] [--keys 1000] [--replicas 5]
                                   [--seed N] [--dir DIR] [--info-shares 0.001,0.01]
              Generates histories of the given sizes and measures the checker on them.
            """;
    static final String EXIT_CODES = "exit codes: 0 valid, 1 invalid, 2 unknown, 64 usage or malformed history, 70 internal error\n";
    static final String USAGE = USAGE_CHECK + USAGE_EXPORT + USAGE_GENERATE + USAGE_BENCH
            + "       kvs-check --help | --version | COMMAND --help\n" + EXIT_CODES;

    /** The commands besides checking a file, for "did you mean". */
    static final List<String> COMMANDS = List.of("check", "export", "generate", "bench", "help");
    static final List<String> CHECK_OPTIONS = List.of("--model", "--json", "--html", "--time-limit", "--help");
    static final List<String> EXPORT_OPTIONS = List.of("--format", "-o", "--output", "--lossy", "--help");

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--cds-training")) System.exit(CdsTraining.run());
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = "kvs-check";
        try {
            if (args.length == 0) {
                throw new UsageError("kvs-check", "a history FILE to check, or a command (export, generate, bench), is needed");
            }
            switch (args[0]) {
                case "--help", "-h", "help" -> {
                    out.print(args.length > 1 && !args[0].startsWith("-") ? usageOf(args[1]) : USAGE);
                    return 0;
                }
                case "--version", "-V" -> {
                    out.println("kvs-check " + Usage.version(Main.class));
                    return 0;
                }
                default -> { }
            }
            rejectMistypedCommand(args[0]);
            String name = COMMANDS.contains(args[0]) ? args[0] : "check";
            command = name.equals("check") ? "kvs-check" : "kvs-check " + name;
            String[] rest = COMMANDS.contains(args[0]) ? rest(args) : args;
            if (List.of(rest).contains("--help") || List.of(rest).contains("-h")) {
                out.print(usageOf(name));
                return 0;
            }
            return switch (name) {
                case "export" -> Export.command(rest, out, err);
                case "generate" -> Generator.command(rest, out);
                case "bench" -> Bench.command(rest, out);
                default -> check(rest, out);
            };
        } catch (UsageError e) {
            return report(err, new UsageError(e.command().isEmpty() ? command : e.command(), e.getMessage(), e.suggestions()));
        } catch (HistoryFormatException e) {
            err.println("kvs-check: malformed history: " + e.getMessage());
            return EXIT_USAGE;
        } catch (NoSuchFileException e) {
            err.println("kvs-check: no such file: " + e.getFile());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("kvs-check: cannot read or write a file: " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("kvs-check: internal error: " + e);
            e.printStackTrace(err);
            return EXIT_INTERNAL;
        }
    }

    /**
     * A first word that is no file but close to a command's name ({@code exprot}) is a mistyped
     * command, not a history file to check.
     */
    private static void rejectMistypedCommand(String first) {
        if (first.startsWith("-") || COMMANDS.contains(first) || first.contains("/") || first.contains(".")) return;
        if (Files.exists(Path.of(first))) return;
        List<String> meant = DidYouMean.suggest(first, COMMANDS);
        if (!meant.isEmpty()) throw UsageError.unknownCommand("kvs-check", first, COMMANDS);
    }

    private static int report(PrintStream err, UsageError error) {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
        int code = Usage.report(w, "kvs-check", error);
        w.flush();
        return code;
    }

    private static String usageOf(String command) {
        return switch (command) {
            case "export" -> USAGE_EXPORT;
            case "generate" -> USAGE_GENERATE;
            case "bench" -> USAGE_BENCH;
            case "check" -> USAGE_CHECK;
            default -> USAGE;
        } + EXIT_CODES;
    }

    /** An unknown option: the usage error names it and the closest known option. */
    public static UsageError unknownOption(String typed, List<String> known) {
        return UsageError.unknownOption("", typed, known);
    }

    private static String[] rest(String[] args) {
        String[] r = new String[args.length - 1];
        System.arraycopy(args, 1, r, 0, r.length);
        return r;
    }

    private static int check(String[] args, PrintStream out) throws IOException {
        Path file = null;
        Model model = Model.CCV;
        boolean json = false;
        Path html = null;
        Duration limit = CheckOptions.TIME_LIMIT_DEFAULT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = parseModel(valueOf(args, ++i, "--model"));
                case "--json" -> json = true;
                case "--html" -> html = Path.of(valueOf(args, ++i, "--html"));
                case "--time-limit" -> limit = parseDuration(valueOf(args, ++i, "--time-limit"));
                default -> {
                    if (args[i].startsWith("-")) throw unknownOption(args[i], CHECK_OPTIONS);
                    if (file != null) throw new UsageException("one history file at a time (got " + file + " and " + args[i] + ")");
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null) throw new UsageException("missing the history FILE");
        CheckReport report = (CheckReport) Checker.check(file, new CheckOptions(model, limit));
        out.print(json ? report.json() : report.text());
        if (html != null) {
            Files.writeString(html, report.html(), StandardCharsets.UTF_8);
            if (!json) out.println("timeline written to " + html);
        }
        out.flush();
        return report.verdict().exitCode();
    }


    public static String valueOf(String[] args, int i, String option) {
        if (i >= args.length) throw new UsageException(option + " needs a value");
        return args[i];
    }

    private static Model parseModel(String text) {
        try {
            return Model.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** 10s, 500ms, 2m, 1h, or a plain number of seconds. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            else if (t.endsWith("s")) d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            else if (t.endsWith("m")) d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            else if (t.endsWith("h")) d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            else d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            if (d.isZero() || d.isNegative()) throw new UsageException("the time limit must be positive: " + text);
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("bad duration \"" + text + "\" (examples: 10s, 500ms, 2m)");
        }
    }

    /** Parses "250000,500000" into longs. */
    public static List<Long> parseLongs(String text, String option) {
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                out.add(Long.parseLong(part.trim().replace("_", "")));
            } catch (NumberFormatException e) {
                throw new UsageException(option + " expects integers, not \"" + part + "\"");
            }
        }
        return out;
    }

    /** A command line that cannot be run; exit code 64. Reported for the command being run. */
    public static final class UsageException extends UsageError {
        public UsageException(String message) {
            super("", message, List.of());
        }
    }
}
