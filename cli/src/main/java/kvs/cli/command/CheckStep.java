package kvs.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import kvs.checker.CheckOptions;
import kvs.checker.Checker;
import kvs.checker.Report;
import kvs.checker.history.HistoryFormatException;
import kvs.checker.report.CheckReport;
import kvs.checker.report.ReportExtras;
import kvs.cli.ExitCode;

/** {@code workload --check}: the checker on the recorded history; its verdict is the exit code (0, 1, 2). */
final class CheckStep {
    private CheckStep() {}

    static int run(Path history, CheckOptions options, Optional<Path> html, boolean json, PrintWriter out, PrintWriter err) {
        Report report;
        try {
            report = Checker.check(history, options);
        } catch (IOException e) {
            err.println("kvs-cli: cannot read the history " + history + ": " + e.getMessage());
            err.flush();
            return ExitCode.IO_ERROR;
        } catch (HistoryFormatException e) {
            err.println("kvs-cli: the history " + history + " is malformed: " + e.getMessage());
            err.flush();
            return ExitCode.BAD_RESPONSE;
        }
        if (json) {
            out.println(report.json().strip());
        } else {
            out.println();
            out.println(report.text().stripTrailing());
        }
        if (html.isPresent()) {
            try {
                Path parent = html.get().toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(html.get(), ((CheckReport) report).html(ReportExtras.titled("kvs-cli workload: " + history.getFileName())),
                        StandardCharsets.UTF_8);
                if (!json) out.println("timeline: " + html.get());
            } catch (IOException e) {
                err.println("kvs-cli: cannot write " + html.get() + ": " + e.getMessage());
                err.flush();
                out.flush();
                return ExitCode.IO_ERROR;
            }
        }
        out.flush();
        return report.verdict().exitCode();
    }
}
