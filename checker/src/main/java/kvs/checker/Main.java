package kvs.checker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import kvs.checker.history.HistoryFormatException;
import kvs.checker.report.CheckReport;
import kvs.checker.tools.Bench;
import kvs.checker.tools.Export;
import kvs.checker.tools.Generator;

/**
 * {@code kvs-check}: check a history, export it, generate synthetic ones, benchmark the checker.
 * Exit codes mean one thing in every command: 0 valid, 1 invalid, 2 unknown, 64 usage error (or
 * a malformed history file), 70 internal error. No command calls {@code System.exit} but
 * {@link #main}.
 */
public final class Main {
    public static final int EXIT_USAGE = 64, EXIT_INTERNAL = 70;

    static final String USAGE = """
            usage: kvs-check FILE [--model cc|cm|ccv] [--json] [--html OUT] [--time-limit 10s]
                   kvs-check export --format plume|elle FILE [-o OUT] [--lossy]
                   kvs-check generate [--ops N] [--sessions N] [--keys N] [--replicas N] [--seed N]
                                      [--anomaly none|stale-read|backwards-read|thin-air|lost-write]
                                      [--info-share 0.001] [-o OUT]
                   kvs-check bench [--ops 250000,500000,1000000] [--sessions 100] [--keys 1000] [--replicas 5]
                                   [--seed N] [--dir DIR] [--info-shares 0.001,0.01]
            exit codes: 0 valid, 1 invalid, 2 unknown, 64 usage or malformed history, 70 internal error
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
                (args.length == 0 ? err : out).print(USAGE);
                return args.length == 0 ? EXIT_USAGE : 0;
            }
            return switch (args[0]) {
                case "export" -> Export.command(rest(args), out, err);
                case "generate" -> Generator.command(rest(args), out);
                case "bench" -> Bench.command(rest(args), out);
                case "check" -> check(rest(args), out);
                default -> check(args, out);
            };
        } catch (UsageException e) {
            err.println("kvs-check: " + e.getMessage());
            err.print(USAGE);
            return EXIT_USAGE;
        } catch (HistoryFormatException e) {
            err.println("kvs-check: malformed history: " + e.getMessage());
            return EXIT_USAGE;
        } catch (NoSuchFileException e) {
            err.println("kvs-check: no such file: " + e.getFile());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("kvs-check: I/O error: " + e.getMessage());
            return EXIT_USAGE;
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("kvs-check: internal error: " + e);
            e.printStackTrace(err);
            return EXIT_INTERNAL;
        }
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
                    if (args[i].startsWith("-")) throw new UsageException("unknown option " + args[i]);
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

    /** A command line that cannot be run; exit code 64. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
