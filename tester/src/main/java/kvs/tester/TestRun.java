package kvs.tester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kvs.checker.CheckOptions;
import kvs.checker.Checker;
import kvs.checker.Model;
import kvs.checker.Verdict;
import kvs.checker.Violation;
import kvs.checker.causal.History;
import kvs.checker.history.HistoryEvent;
import kvs.checker.report.CheckReport;
import kvs.checker.report.ReportExtras;
import kvs.checker.report.ReportExtras.InfoRow;
import kvs.checker.report.ReportExtras.Section;
import kvs.cli.Json;
import kvs.cli.http.ReplicaClient;
import kvs.cli.op.OperationRunner;
import kvs.cli.op.RetryPolicy;
import kvs.cli.workload.Mix;
import kvs.cli.workload.Workload;
import kvs.cli.workload.WorkloadConfig;
import kvs.cluster.LoopbackCluster;
import kvs.cluster.NetnsCluster;
import kvs.cluster.ProcessCluster;
import kvs.cluster.ReplicaSpec;
import kvs.tester.conformance.CheckResult;
import kvs.tester.conformance.Conformance;
import kvs.tester.conformance.ConformanceOptions;
import kvs.tester.nemesis.FaultKind;
import kvs.tester.nemesis.FaultPlan;
import kvs.tester.nemesis.Nemesis;

/**
 * One {@code kvs-test run}: start the cluster, run the sessions while the nemesis injects faults,
 * heal and restart, wait for quiescence, check the history, write the run folder. The cluster is
 * removed on every exit path (here in {@code finally}, by the cluster's shutdown hook on Ctrl-C, by
 * {@code kvs-test clean} after a crash).
 */
public final class TestRun {
    /** How the checker's verdict, the run's own findings and the history's strength combine. */
    public record Outcome(Verdict verdict, List<String> reasons) {
        public int exitCode() {
            return verdict.exitCode();
        }
    }

    private static final int LOG_LINES_SHOWN = 20;
    private static final int UNEXPECTED_SHOWN = 200;
    private static final Duration CHECK_TIME_LIMIT = Duration.ofMinutes(5);
    /** Rounds of re-checking while violations name writes exposed to a crash. */
    private static final int CRASH_ROUNDS_MAX = 10;
    private static final int CRASH_ROWS_SHOWN = 200;

    private final RunConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private Path folder;
    private List<CheckResult> conformance = List.of();

    public TestRun(RunConfig config, PrintStream out, PrintStream err, boolean terminal) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** The run folder (after {@link #execute} began). */
    public Path folder() {
        return folder;
    }

    /** Runs every phase; returns the exit code (0 valid, 1 invalid, 2 unknown). */
    public int execute() throws IOException, InterruptedException {
        folder = makeFolder();
        note("run folder " + folder);
        Set<FaultKind> faults = EnumSet.noneOf(FaultKind.class);
        faults.addAll(config.nemesis());
        List<String> notes = new ArrayList<>();
        if (config.network() == RunConfig.Network.LOOPBACK) {
            Set<FaultKind> dropped = new TreeSet<>();
            for (FaultKind k : faults) {
                if (k.needsNetwork()) {
                    dropped.add(k);
                }
            }
            if (!dropped.isEmpty()) {
                faults.removeAll(dropped);
                String text = "loopback network: no " + words(dropped) + " (they need --network netns, as root)";
                notes.add(text);
                note(text);
            }
        }
        ReplicaSpec spec = new ReplicaSpec(config.replicaCommand(), config.directory(), folder);
        long started = System.nanoTime();
        note("starting " + config.replicas() + " replica(s) of '" + config.replicaCommand() + "' on "
                + (config.network() == RunConfig.Network.NETNS ? "netns " + config.netns().subnet() + " port " + config.netns().port()
                : "loopback"));
        try (ProcessCluster cluster = startCluster(spec)) {
            for (int i = 0; i < config.replicas(); i++) {
                if (!cluster.awaitReady(i, config.readyTimeout())) {
                    return startFailure(cluster, i);
                }
            }
            double readySeconds = (System.nanoTime() - started) / 1e9;
            note(String.format(Locale.ROOT, "%d replica(s) answering after %.1f s: %s", config.replicas(), readySeconds,
                    String.join(",", cluster.addresses())));
            return afterStart(cluster, faults, notes, readySeconds);
        }
    }

    private ProcessCluster startCluster(ReplicaSpec spec) {
        if (config.network() == RunConfig.Network.NETNS) {
            return NetnsCluster.start(spec, config.replicas(), config.netns());
        }
        return LoopbackCluster.start(spec, config.replicas(), config.loopbackBasePort().orElse(0));
    }

    private int startFailure(ProcessCluster cluster, int i) throws IOException {
        String why = cluster.isRunning(i) ? "does not answer at " + cluster.addresses().get(i) + " after "
                + config.readyTimeout().toSeconds() + " s" : "exited before answering";
        String text = "replica " + (i + 1) + " " + why + " (--ready-timeout " + config.readyTimeout().toSeconds() + "s); the last lines of "
                + cluster.logFile(i) + ":\n" + cluster.logTail(i, LOG_LINES_SHOWN);
        err.println("kvs-test: " + text);
        Files.writeString(folder.resolve("summary.txt"), "verdict: INVALID (the implementation did not start)\n" + text + "\n",
                StandardCharsets.UTF_8);
        ObjectNode results = Json.object();
        results.put("verdict", "invalid");
        results.put("exitCode", 1);
        results.putArray("reasons").add("replica " + (i + 1) + " " + why);
        Files.writeString(folder.resolve("results.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results),
                StandardCharsets.UTF_8);
        return Verdict.INVALID.exitCode();
    }

    private int afterStart(ProcessCluster cluster, Set<FaultKind> faults, List<String> notes, double readySeconds)
            throws IOException, InterruptedException {
        List<CheckResult> conformance = List.of();
        if (config.conformance()) {
            note("conformance: every row of the API, then the course's scenarios");
            conformance = Conformance.check(cluster, ConformanceOptions.defaults(), result -> {
                if (result.failed()) {
                    note("conformance FAIL: " + result.group() + ": " + result.check());
                }
            });
            long failed = conformance.stream().filter(CheckResult::failed).count();
            note("conformance: " + (conformance.size() - failed) + " of " + conformance.size() + " checks pass");
            // A fresh cluster for the workload: whatever the suite left (its keys, a bad value a replica
            // accepted, a fault) must not decide the workload's verdict; the suite's rows keep its findings.
            note("restarting every replica for the workload");
            cluster.heal();
            for (int i = 0; i < cluster.size(); i++) {
                cluster.kill(i);
            }
            for (int i = 0; i < cluster.size(); i++) {
                cluster.start(i);
            }
            for (int i = 0; i < cluster.size(); i++) {
                if (!cluster.awaitReady(i, config.readyTimeout())) {
                    return startFailure(cluster, i);
                }
            }
        }
        this.conformance = conformance;
        String runId = runId();
        ReplicaClient client = new ReplicaClient(Duration.ofMillis(Math.min(1000, config.clientTimeout().toMillis())),
                config.clientTimeout());
        LiveMembers members = new LiveMembers(cluster.addresses());
        WorkloadConfig workloadConfig = new WorkloadConfig(runId, members.replicas(), config.sessions(), Optional.empty(),
                Optional.of(config.time()), config.keys(), Mix.parse(config.mix()), config.seed(), Duration.ZERO, false,
                Duration.ZERO);
        Nemesis nemesis;
        Workload workload;
        long workloadStart;
        try (HistoryLog history = new HistoryLog(folder.resolve("history.jsonl"))) {
            OperationRunner runner = new OperationRunner(client, history, RetryPolicy.waitingMillis(2000));
            workload = new Workload(workloadConfig, runner, members);
            FaultPlan plan = new FaultPlan(config.seed(), faults, config.replicas(), config.nemesisInterval().toMillis(),
                    Math.min(RunConfig.REPLICAS_MAX, config.replicas() + FaultPlan.JOINS_MAX));
            nemesis = new Nemesis(cluster, plan, history::fault, members, config.readyTimeout());
            note("workload: " + config.sessions() + " sessions on " + config.keys() + " keys for " + config.time().toSeconds()
                    + " s; nemesis: " + (faults.isEmpty() ? "none" : words(faults) + " every ~" + config.nemesisInterval().toMillis()
                    + " ms") + "; seed " + config.seed());
            workloadStart = System.nanoTime();
            Progress progress = new Progress(err, terminal, () -> progressLine(workload, members, workloadStart));
            try {
                if (!faults.isEmpty()) {
                    nemesis.start();
                }
                try {
                    workload.runSessions();
                } finally {
                    nemesis.stop();
                }
            } finally {
                progress.close();
            }
            double workloadSeconds = workload.elapsedNanos() / 1e9;
            note(String.format(Locale.ROOT, "workload done: %d operations in %.1f s (%.0f ops/s), %d fault(s)",
                    workload.stats().completed(), workloadSeconds, workload.stats().completed() / workloadSeconds,
                    nemesis.faultsStarted()));

            // heal, restart anything not running (the nemesis restarted what it killed), then quiescence
            cluster.heal();
            for (int i = 0; i < cluster.size(); i++) {
                if (!cluster.isRunning(i)) {
                    notes.add("replica " + (i + 1) + " was not running at the end of the workload (it exited on its own; see "
                            + cluster.logFile(i).getFileName() + "): restarted before the final reads");
                    cluster.start(i);
                    cluster.awaitReady(i, config.readyTimeout());
                }
            }
            note("healed; waiting for quiescence (up to " + config.convergeTimeout().toSeconds() + " s)");
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < config.keys(); k++) {
                keys.add(workloadConfig.key(k));
            }
            Quiescence.Result quiet = new Quiescence(client, keys, config.convergeTimeout())
                    .await(cluster.addresses(), workloadConfig::finalSessionName);
            if (quiet.converged()) {
                history.recordAll(quiet.last().events());
                note("quiescent after " + quiet.elapsedMillis() + " ms (" + quiet.rounds() + " rounds)");
            } else {
                note("NOT quiescent after " + quiet.elapsedMillis() + " ms: " + quiet.diverging().size() + " key(s) differ"
                        + (quiet.viewProblems().isEmpty() ? "" : ", views incomplete"));
            }
            quiet.viewNote().ifPresent(notes::add);
            history.finish();
            note("checking the history");
            return finish(cluster, history.snapshot(), nemesis, workload, quiet, notes, readySeconds);
        }
    }

    private int finish(ProcessCluster cluster, List<Object> events, Nemesis nemesis, Workload workload, Quiescence.Result quiet,
                       List<String> notes, double readySeconds) throws IOException {
        CrashLoss loss = CrashLoss.analyze(events, nemesis.kills());
        CheckOptions options = new CheckOptions(Model.CCV, CHECK_TIME_LIMIT);
        History recorded = HistoryLog.toHistory(events);
        String source = folder.resolve("history.jsonl").toString();
        CheckReport asRecorded = Checker.check(recorded, options, source);
        Resolved resolved = resolve(loss, asRecorded, options, source);
        CheckReport forVerdict = resolved.report();
        List<CrashLoss.Exposed> missed = resolved.lost();
        List<HistoryEvent> operations = new ArrayList<>();
        for (Object e : events) {
            if (e instanceof HistoryEvent h) {
                operations.add(h);
            }
        }
        Strength strength = Strength.of(operations);
        long conformanceFailures = conformance.stream().filter(CheckResult::failed).count();
        Outcome outcome = decide(config.strictDurability() ? asRecorded : forVerdict, quiet, recorded.unexpectedCount(), strength,
                missed, config.strictDurability(), conformanceFailures);
        CheckReport shown = config.strictDurability() ? asRecorded : forVerdict;
        if (!quiet.converged()) {
            notes.add("the checker's convergence row judges the final reads, and none were recorded (the replicas never"
                    + " agreed): the convergence failure above is the finding");
        }

        double seconds = workload.elapsedNanos() / 1e9;
        List<InfoRow> info = runInfo(cluster, nemesis, workload, quiet, strength, recorded.unexpectedCount(), missed, loss,
                outcome, readySeconds, seconds);
        List<Section> sections = sections(outcome, notes, nemesis, quiet, recorded, loss, missed);
        String title = "kvs-test " + config.name() + ": " + outcome.verdict();
        Files.writeString(folder.resolve("report.html"), shown.html(new ReportExtras(title, info, Conformance.rows(conformance), sections)),
                StandardCharsets.UTF_8);
        String summary = summary(outcome, info, shown, notes, missed);
        Files.writeString(folder.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("results.json"), results(outcome, info, shown, quiet, missed, loss, strength, nemesis),
                StandardCharsets.UTF_8);
        out.print(summary);
        out.println("report: " + folder.resolve("report.html"));
        out.flush();
        return outcome.exitCode();
    }

    /** The report the verdict uses, and the writes lost with a crash. */
    record Resolved(CheckReport report, List<CrashLoss.Exposed> lost) {}

    /**
     * Checks again, as long as a violation names a write exposed to a crash, with those writes
     * counted as info; returns the last report and the writes so counted (lost with a crash).
     */
    static Resolved resolve(CrashLoss loss, CheckReport asRecorded, CheckOptions options, String source) {
        Set<Integer> lost = new TreeSet<>();
        CheckReport report = asRecorded;
        for (int round = 0; round < CRASH_ROUNDS_MAX; round++) {
            Set<Integer> named = new TreeSet<>();
            for (CrashLoss.Exposed x : missed(loss, report)) {
                if (!lost.contains(x.operation())) {
                    named.add(x.operation());
                }
            }
            if (named.isEmpty()) {
                break;
            }
            lost.addAll(named);
            report = Checker.check(HistoryLog.toHistory(loss.historyForVerdict(lost)), options,
                    source + " (" + lost.size() + " write(s) lost with a crash counted as info)");
        }
        List<CrashLoss.Exposed> missed = new ArrayList<>();
        for (CrashLoss.Exposed x : loss.exposed()) {
            if (lost.contains(x.operation())) {
                missed.add(x);
            }
        }
        return new Resolved(report, missed);
    }

    /** Exposed writes that a violation of {@code report} names. */
    static List<CrashLoss.Exposed> missed(CrashLoss loss, CheckReport report) {
        Set<Integer> named = new TreeSet<>();
        for (Violation v : report.violations()) {
            named.addAll(v.operations());
        }
        List<CrashLoss.Exposed> missed = new ArrayList<>();
        for (CrashLoss.Exposed x : loss.exposed()) {
            if (named.contains(x.operation())) {
                missed.add(x);
            }
        }
        return missed;
    }

    /**
     * The verdict. Invalid: the checker found a violation, the cluster did not converge, or an
     * answer the API does not allow came back (or, with strict durability, a crash took an
     * acknowledged write). Unknown: the checker ran out of time, or the history is too weak
     * ({@link Strength}). Valid otherwise.
     */
    static Outcome decide(CheckReport report, Quiescence.Result quiet, int unexpected, Strength strength,
                          List<CrashLoss.Exposed> missed, boolean strict, long conformanceFailures) {
        List<String> reasons = new ArrayList<>();
        Verdict verdict = report.verdict();
        if (conformanceFailures > 0) {
            verdict = Verdict.INVALID;
            reasons.add(conformanceFailures + " conformance check(s) failed (see the conformance table)");
        }
        if (report.verdict() == Verdict.INVALID) {
            reasons.add("the checker found violations: " + failing(report));
        } else if (report.verdict() == Verdict.UNKNOWN) {
            reasons.add("the checker could not decide: " + failing(report));
        }
        if (!quiet.converged()) {
            verdict = Verdict.INVALID;
            reasons.add("convergence failure: after " + quiet.elapsedMillis() / 1000.0 + " s the replicas still "
                    + (quiet.diverging().isEmpty() ? "did not all answer" : "disagree on " + quiet.diverging().size() + " key(s)")
                    + (quiet.viewProblems().isEmpty() ? "" : "; incomplete views: " + String.join("; ", quiet.viewProblems())));
        }
        if (unexpected > 0) {
            verdict = Verdict.INVALID;
            reasons.add(unexpected + " answer(s) the API does not allow (5xx, not JSON, a missing field, a wrong Content-Type)");
        }
        if (strict && !missed.isEmpty()) {
            verdict = Verdict.INVALID;
            reasons.add(missed.size() + " acknowledged write(s) lost with a crash (--strict-durability)");
        }
        List<String> weak = strength.weaknesses();
        if (verdict == Verdict.VALID && !weak.isEmpty()) {
            verdict = Verdict.UNKNOWN;
        }
        reasons.addAll(weak);
        if (verdict == Verdict.VALID) {
            reasons.add("no violation in the " + strength.operations() + " operations of the history (retried attempts included), converged, every answer as the API says");
        }
        return new Outcome(verdict, reasons);
    }

    private static String failing(CheckReport report) {
        List<String> checks = new ArrayList<>();
        for (Map.Entry<String, Verdict> e : report.checks().entrySet()) {
            if (e.getValue() != Verdict.VALID) {
                checks.add(e.getKey() + " " + e.getValue().name().toLowerCase(Locale.ROOT));
            }
        }
        return String.join(", ", checks);
    }

    private List<InfoRow> runInfo(ProcessCluster cluster, Nemesis nemesis, Workload workload, Quiescence.Result quiet,
                                  Strength strength, int unexpected, List<CrashLoss.Exposed> missed, CrashLoss loss,
                                  Outcome outcome, double readySeconds, double seconds) {
        List<InfoRow> rows = new ArrayList<>();
        rows.add(new InfoRow("verdict", outcome.verdict() + " (exit " + outcome.exitCode() + ")"));
        rows.add(new InfoRow("implementation", config.replicaCommand() + "   (in " + config.directory() + ")"));
        rows.add(new InfoRow("network", config.network() == RunConfig.Network.NETNS ? "netns " + config.netns().subnet()
                + ", port " + config.netns().port() + ", bridge " + config.netns().bridge() : "loopback 127.0.0.1"));
        rows.add(new InfoRow("replicas", config.replicas() + " at start, " + cluster.size() + " at the end: "
                + String.join(", ", cluster.addresses()) + String.format(Locale.ROOT, " (all answering %.1f s after start)", readySeconds)));
        rows.add(new InfoRow("workload", config.sessions() + " sessions, " + config.keys() + " keys, mix " + config.mix() + ", "
                + config.time().toSeconds() + " s"));
        rows.add(new InfoRow("seed", Long.toString(config.seed())));
        rows.add(new InfoRow("nemesis", (config.nemesis().isEmpty() ? "none" : words(config.nemesis()) + ", interval "
                + config.nemesisInterval().toMillis() + " ms") + "; " + nemesis.faultsStarted() + " fault(s) injected, "
                + nemesis.kills().size() + " kill(s)"));
        rows.add(new InfoRow("client timeout", config.clientTimeout().toMillis() + " ms (ready timeout "
                + config.readyTimeout().toSeconds() + " s, converge timeout " + config.convergeTimeout().toSeconds() + " s)"));
        rows.add(new InfoRow("operations", String.format(Locale.ROOT, "%d completed in %.1f s (%.0f ops/s); %d in the history"
                        + " (failed attempts such as 503s included); %d info (%.1f %%); %d successful reads, %d of them of"
                        + " another session's write", workload.stats().completed(), seconds,
                workload.stats().completed() / Math.max(seconds, 1e-9), strength.operations(), strength.info(),
                strength.infoPercent(), strength.okReads(), strength.crossSessionReads())));
        long failedChecks = conformance.stream().filter(CheckResult::failed).count();
        rows.add(new InfoRow("conformance", config.conformance() ? (conformance.size() - failedChecks) + " of " + conformance.size()
                + " checks pass" : "not run (--no-conformance)"));
        rows.add(new InfoRow("unexpected answers", Integer.toString(unexpected)));
        rows.add(new InfoRow("writes lost with a crash", missed.size() + " (of " + loss.exposed().size() + " exposed to a crash)"
                + (config.strictDurability() ? ", --strict-durability" : "")));
        rows.add(new InfoRow("quiescence", (quiet.converged() ? "converged" : "NOT converged") + " after " + quiet.elapsedMillis()
                + " ms, " + quiet.rounds() + " round(s) of reads"));
        rows.add(new InfoRow("repeat", config.commandLine()));
        return rows;
    }

    private List<Section> sections(Outcome outcome, List<String> notes, Nemesis nemesis, Quiescence.Result quiet,
                                   History recorded, CrashLoss loss, List<CrashLoss.Exposed> missed) {
        List<Section> sections = new ArrayList<>();
        StringBuilder verdict = new StringBuilder("<p><b>").append(outcome.verdict()).append("</b></p><ul>");
        for (String r : outcome.reasons()) {
            verdict.append("<li>").append(Html.escape(r)).append("</li>");
        }
        for (String n : notes) {
            verdict.append("<li>note: ").append(Html.escape(n)).append("</li>");
        }
        for (String p : nemesis.problems()) {
            verdict.append("<li>nemesis: ").append(Html.escape(p)).append("</li>");
        }
        sections.add(new Section("kvs-test-verdict", "Verdict and why", verdict.append("</ul>").toString()));

        if (recorded.unexpectedCount() > 0) {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(UNEXPECTED_SHOWN, recorded.unexpectedCount()); i++) {
                int op = recorded.unexpectedOp(i);
                rows.add(List.of(Integer.toString(op), recorded.sessionName(op), History.kindName(recorded.kind(op)),
                        recorded.keyName(op), recorded.replicaName(op), recorded.unexpectedText(i)));
            }
            String more = recorded.unexpectedCount() > UNEXPECTED_SHOWN
                    ? "<p>(" + (recorded.unexpectedCount() - UNEXPECTED_SHOWN) + " more in history.jsonl: field \"unexpected\")</p>" : "";
            sections.add(new Section("kvs-test-unexpected", "Answers the API does not allow (" + recorded.unexpectedCount() + ")",
                    "<p>Each is recorded with its status, content type and first bytes; a write's outcome is then unknown"
                            + " (info).</p>" + Html.table(List.of("op", "session", "kind", "key", "replica", "answer"), rows) + more));
        }

        if (!loss.exposed().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            List<CrashLoss.Exposed> shownFirst = new ArrayList<>(missed);
            for (CrashLoss.Exposed x : loss.exposed()) {
                if (!missed.contains(x)) {
                    shownFirst.add(x);
                }
            }
            for (CrashLoss.Exposed x : shownFirst.subList(0, Math.min(CRASH_ROWS_SHOWN, shownFirst.size()))) {
                rows.add(List.of(Integer.toString(x.operation()), x.completion().op().wire(), x.completion().key(),
                        x.completion().valueJson().orElse(""), x.completion().session(), x.completion().replica().orElse(""),
                        "#" + x.kill().faultId() + " kill of replica " + (x.kill().member() + 1), missed.contains(x) ? "lost" : "not missed"));
            }
            sections.add(new Section("kvs-test-crash", "Writes lost with a crash (" + missed.size() + " lost, "
                    + loss.exposed().size() + " exposed)",
                    "<p>A write acknowledged by a replica that the nemesis then killed, with no sign that another replica held it"
                            + " (no read of it elsewhere, no answer elsewhere to a session whose metadata named it), is exposed to"
                            + " the crash: stores of the course keep nothing on disk. The exposed writes that a violation named are"
                            + " lost with the crash; they are checked as <i>info</i> (unknown effect)"
                            + (config.strictDurability() ? "; with --strict-durability their loss makes the run invalid."
                            : ", so their loss is not a violation (--strict-durability makes it one).")
                            + " A write lost while a replica that was seen to hold it lives is always a violation.</p>"
                            + Html.table(List.of("op", "kind", "key", "value", "session", "acknowledged by", "crash", "afterwards"), rows)
                            + (shownFirst.size() > CRASH_ROWS_SHOWN ? "<p>(" + (shownFirst.size() - CRASH_ROWS_SHOWN)
                            + " more exposed writes, none of them missed: results.json)</p>" : "")));
        }

        List<String> replicas = new ArrayList<>(quiet.last().values().keySet());
        Map<String, Map<String, String>> diverging = quiet.diverging();
        StringBuilder convergence = new StringBuilder();
        convergence.append("<p>").append(quiet.converged() ? "Converged" : "<b>Did not converge</b>").append(" after ")
                .append(quiet.elapsedMillis()).append(" ms (").append(quiet.rounds()).append(" rounds of reads of every key at every"
                        + " replica; quiescent = complete views and two consecutive identical rounds in which all replicas agree).")
                .append(quiet.converged() ? " The last round is recorded as the final reads." : " Nothing was recorded as final reads.")
                .append("</p>");
        for (String p : quiet.viewProblems()) {
            convergence.append("<p>view: ").append(Html.escape(p)).append("</p>");
        }
        if (!diverging.isEmpty()) {
            List<String> header = new ArrayList<>(List.of("key"));
            header.addAll(replicas);
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> e : diverging.entrySet()) {
                List<String> row = new ArrayList<>(List.of(e.getKey()));
                for (String r : replicas) {
                    row.add(e.getValue().getOrDefault(r, ""));
                }
                rows.add(row);
            }
            convergence.append("<p>Diverging values per replica in the last round:</p>").append(Html.table(header, rows));
        }
        sections.add(new Section("kvs-test-convergence", "Quiescence and final values", convergence.toString()));
        return sections;
    }

    private String summary(Outcome outcome, List<InfoRow> info, CheckReport report, List<String> notes,
                           List<CrashLoss.Exposed> missed) {
        StringBuilder s = new StringBuilder();
        s.append("kvs-test ").append(config.name()).append(": ").append(outcome.verdict()).append(" (exit ")
                .append(outcome.exitCode()).append(")\n");
        for (String r : outcome.reasons()) {
            s.append("  - ").append(r).append('\n');
        }
        for (String n : notes) {
            s.append("  note: ").append(n).append('\n');
        }
        s.append('\n');
        for (InfoRow row : info) {
            s.append(String.format(Locale.ROOT, "%-26s %s%n", row.name(), row.value()));
        }
        boolean anyFailed = false;
        for (CheckResult c : conformance) {
            if (c.failed()) {
                if (!anyFailed) {
                    s.append("\nconformance failures:\n");
                    anyFailed = true;
                }
                s.append("  FAIL ").append(c.group()).append(": ").append(c.check()).append("\n       sent: ").append(c.request())
                        .append("\n       got:  ").append(c.answer()).append("\n       want: ").append(c.expected()).append('\n');
            }
        }
        if (!missed.isEmpty()) {
            s.append("\nwrites lost with a crash:\n");
            for (CrashLoss.Exposed x : missed) {
                s.append("  ").append(x.describe()).append('\n');
            }
        }
        s.append('\n').append(report.text());
        return s.toString();
    }

    private String results(Outcome outcome, List<InfoRow> info, CheckReport report, Quiescence.Result quiet,
                           List<CrashLoss.Exposed> missed, CrashLoss loss, Strength strength, Nemesis nemesis) throws IOException {
        ObjectNode root = Json.object();
        root.put("verdict", outcome.verdict().name().toLowerCase(Locale.ROOT));
        root.put("exitCode", outcome.exitCode());
        ArrayNode reasons = root.putArray("reasons");
        outcome.reasons().forEach(reasons::add);
        ObjectNode run = root.putObject("run");
        for (InfoRow row : info) {
            run.put(row.name(), row.value());
        }
        ObjectNode counts = root.putObject("operations");
        counts.put("total", strength.operations());
        counts.put("info", strength.info());
        counts.put("okReads", strength.okReads());
        counts.put("crossSessionReads", strength.crossSessionReads());
        ObjectNode convergence = root.putObject("convergence");
        convergence.put("converged", quiet.converged());
        convergence.put("rounds", quiet.rounds());
        convergence.put("elapsedMillis", quiet.elapsedMillis());
        ObjectNode diverging = convergence.putObject("diverging");
        for (Map.Entry<String, Map<String, String>> e : quiet.diverging().entrySet()) {
            ObjectNode key = diverging.putObject(e.getKey());
            e.getValue().forEach(key::put);
        }
        ArrayNode crash = root.putArray("crashLost");
        for (CrashLoss.Exposed x : loss.exposed()) {
            ObjectNode w = crash.addObject();
            w.put("operation", x.operation());
            w.put("op", x.completion().op().wire());
            w.put("key", x.completion().key());
            x.completion().valueJson().ifPresent(v -> w.put("value", v));
            w.put("session", x.completion().session());
            w.put("replica", x.completion().replica().orElse(""));
            w.put("killFault", x.kill().faultId());
            w.put("lost", missed.contains(x));
        }
        ArrayNode checks = root.putArray("conformance");
        for (CheckResult c : conformance) {
            ObjectNode row = checks.addObject();
            row.put("group", c.group());
            row.put("check", c.check());
            row.put("status", c.status().name().toLowerCase(Locale.ROOT));
            row.put("request", c.request());
            row.put("answer", c.answer());
            row.put("expected", c.expected());
        }
        ArrayNode problems = root.putArray("nemesisProblems");
        nemesis.problems().forEach(problems::add);
        JsonNode checker = Json.MAPPER.readTree(report.json());
        root.set("checker", checker);
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private String progressLine(Workload workload, LiveMembers members, long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        long done = workload.stats().completed();
        String fault = members.currentFault();
        if (elapsed > config.time().toMillis() / 1000.0 + 1) {
            return Progress.format("kvs-test sessions done: %,d ops; ending the fault in progress%s", done,
                    fault.isEmpty() ? "" : ": " + fault);
        }
        return Progress.format("kvs-test %4.0fs/%ds  %,d ops  %,.0f/s%s", elapsed, config.time().toSeconds(), done,
                done / Math.max(elapsed, 1e-3), fault.isEmpty() ? "" : "  | " + fault);
    }

    private Path makeFolder() throws IOException {
        Files.createDirectories(config.out());
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path dir = config.out().resolve(config.name() + "-" + stamp);
        for (int n = 2; Files.exists(dir); n++) {
            dir = config.out().resolve(config.name() + "-" + stamp + "-" + n);
        }
        Files.createDirectories(dir);
        Path latest = config.out().resolve("latest");
        Files.deleteIfExists(latest);
        try {
            Files.createSymbolicLink(latest, dir.getFileName());
        } catch (UnsupportedOperationException | IOException e) {
            note("cannot link " + latest + ": " + e.getMessage());
        }
        return dir.toAbsolutePath();
    }

    private static String runId() {
        return Long.toString(System.currentTimeMillis(), 36);
    }

    private static String words(Set<FaultKind> kinds) {
        List<String> names = new ArrayList<>();
        for (FaultKind k : new TreeSet<>(kinds)) {
            names.add(k.wire());
        }
        return String.join(",", names);
    }

    private void note(String text) {
        err.println("kvs-test: " + text);
        err.flush();
    }
}
