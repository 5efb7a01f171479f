package kvs.checker.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

import kvs.checker.Checker;
import kvs.checker.Main;
import kvs.checker.causal.History;

/**
 * {@code kvs-check export --format plume|elle FILE [-o OUT] [--lossy]}: writes the history in
 * another checker's format. Only what the format can represent is written; what was left out is
 * said on stderr, one line per kind, and the exit code is 2 (the export is incomplete) unless
 * {@code --lossy} accepts it (then 0). A history the format represents in full exits 0 silently.
 */
public final class Export {
    /** The exit code of an export that had to leave something out without {@code --lossy}. */
    public static final int EXIT_INCOMPLETE = 2;

    private Export() {}

    public static int command(String[] args, PrintStream out, PrintStream err) throws IOException {
        String format = null;
        Path file = null, target = null;
        boolean lossy = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--format" -> format = Main.valueOf(args, ++i, "--format");
                case "-o", "--output" -> target = Path.of(Main.valueOf(args, ++i, args[i - 1]));
                case "--lossy" -> lossy = true;
                default -> {
                    if (args[i].startsWith("-")) throw Main.unknownOption(args[i], List.of("--format", "-o", "--output", "--lossy", "--help"));
                    if (file != null) throw new Main.UsageException("one history file at a time (got " + file + " and " + args[i] + ")");
                    file = Path.of(args[i]);
                }
            }
        }
        if (format == null) throw new Main.UsageException("export needs --format plume or --format elle");
        BiFunction<History, Writer, List<String>> exporter = switch (format) {
            case "plume" -> PlumeExport::write;
            case "elle" -> ElleExport::write;
            default -> throw new Main.UsageException("unknown export format \"" + format + "\": plume or elle");
        };
        if (file == null) throw new Main.UsageException("export needs the history FILE");
        History h = Checker.load(file);
        List<String> losses;
        if (target == null) {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            losses = exporter.apply(h, w);
        } else {
            try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                losses = exporter.apply(h, w);
            }
        }
        if (losses.isEmpty()) return 0;
        for (String loss : losses) err.println("kvs-check export: " + loss);
        if (lossy) return 0;
        err.println("kvs-check export: the export is incomplete (exit " + EXIT_INCOMPLETE + "); --lossy accepts it");
        return EXIT_INCOMPLETE;
    }
}
