package kvs.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import kvs.checker.history.HistoryEvent;
import kvs.checker.history.FaultEvent;
import kvs.checker.history.HistoryWriter;

/** Writes one run's files: history, trace, the checker's reports and timeline, and a summary. */
public final class OutputFiles {
    private OutputFiles() {}

    public static final String HISTORY = "history.jsonl", TRACE = "trace.txt", REPORT = "report.txt",
            REPORT_JSON = "report.json", TIMELINE = "timeline.html", SUMMARY = "summary.txt";

    public static List<Path> write(Path dir, RunResult run) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Path history = dir.resolve(HISTORY);
        try (Writer out = Files.newBufferedWriter(history, StandardCharsets.UTF_8);
             HistoryWriter writer = new HistoryWriter(out)) {
            // Client events in their order, each fault line before the first event that comes after it.
            List<FaultEvent> faults = run.world().faults();
            int next = 0;
            for (HistoryEvent e : run.world().history()) {
                while (next < faults.size() && faults.get(next).timeNanos() <= e.timeNanos()) writer.write(faults.get(next++));
                writer.write(e);
            }
            while (next < faults.size()) writer.write(faults.get(next++));
        }
        written.add(history);
        if (!run.world().trace().isEmpty()) written.add(lines(dir.resolve(TRACE), run.world().trace()));
        if (run.judgement().isPresent()) {
            Judgement j = run.judgement().get();
            written.add(text(dir.resolve(REPORT), j.text()));
            written.add(text(dir.resolve(REPORT_JSON), j.json()));
            written.add(text(dir.resolve(TIMELINE), j.html()));
        }
        written.add(lines(dir.resolve(SUMMARY), summary(run, dir)));
        return written;
    }

    /** The summary of a run whose files go to {@code dir}: its replay command writes them there again. */
    public static List<String> summary(RunResult run, Path dir) {
        return summary(run, run.replayCommand(dir));
    }

    /** The summary of a run not written anywhere: its replay command writes to runs/seed-N. */
    public static List<String> summary(RunResult run) {
        return summary(run, run.replayCommand());
    }

    private static List<String> summary(RunResult run, String replay) {
        List<String> lines = new ArrayList<>();
        lines.add(run.config().describe());
        lines.add(run.headline());
        lines.add("replay: " + replay);
        lines.add(String.format("simulated %.3f s in %.3f s real; %,d messages; %,d history events; quiescent %s after healing",
                run.world().simulatedMicros() / 1e6, run.realNanos() / 1e9, run.world().messages(),
                run.world().history().size(),
                run.world().convergedAfterMillis() >= 0 ? run.world().convergedAfterMillis() + " ms" : "never"));
        lines.add("coverage:");
        for (Map.Entry<String, Long> e : run.world().coverage().entrySet()) {
            lines.add(String.format("  %-34s %,d", e.getKey(), e.getValue()));
        }
        return lines;
    }

    private static Path lines(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static Path text(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
